"""Ad campaign management: platform API and pacing maths."""
