"""Order domain shared by the shop's durable workflows."""
