"""`durable-lint server`: the checker, its fixes and explanations over the Language Server
Protocol, for editors."""
