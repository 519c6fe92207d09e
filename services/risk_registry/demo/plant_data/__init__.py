"""Demo plant data: a fictional hydrogen-peroxide plant (anthraquinone process, 蒽醌法双氧水装置)
of a hazardous-chemical enterprise in Ningbo Zhenhai, for demos and end-to-end tests.

Plain literals read by `services.risk_registry.demo.loader`: the enterprise, its org tree
(department → team → post), people with their roles, and the risk chain — risk objects
(two major hazard sources rated per GB 18218-2018, process units, facilities, areas and
special operations per GB 30871-2022) → risk units → risk events (GB 6441 accident types,
inherent and residual LEC/LS assessments) → control measures (classify1/2, control method,
inspection content and responsible post). Outlines are convex polygons on a 1000 × 600 plant plan.
All names, codes and mobile numbers are invented.
"""

from __future__ import annotations

from services.risk_registry.demo.plant_data.hydrogen_and_hydrogenation import HYDROGEN_AND_HYDROGENATION
from services.risk_registry.demo.plant_data.major_hazard_sources import MAJOR_HAZARD_SOURCES
from services.risk_registry.demo.plant_data.operations import OPERATIONS
from services.risk_registry.demo.plant_data.organisation import DEPARTMENTS, ENTERPRISE, PEOPLE
from services.risk_registry.demo.plant_data.oxidation_and_extraction import OXIDATION_AND_EXTRACTION
from services.risk_registry.demo.plant_data.purification import PURIFICATION
from services.risk_registry.demo.plant_data.storage_and_loading import STORAGE_AND_LOADING
from services.risk_registry.demo.plant_data.utilities import UTILITIES

# The plant from its two major hazard sources through the process, utilities and storage to the
# special operations; the order is the order of the lists.
OBJECTS = [*MAJOR_HAZARD_SOURCES, *HYDROGEN_AND_HYDROGENATION, *OXIDATION_AND_EXTRACTION, *PURIFICATION,
           *UTILITIES, *STORAGE_AND_LOADING, *OPERATIONS]

__all__ = ["DEPARTMENTS", "ENTERPRISE", "OBJECTS", "PEOPLE"]
