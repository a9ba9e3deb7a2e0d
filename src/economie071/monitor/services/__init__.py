"""Writes of the monitor: themes, indicators, observation imports, index editions, CBS
StatLine, the retail monitor and business parks; one module per topic.

Every function owns its transaction and writes an audit entry; bad input raises a
MonitorError (ImportRejected for an import file) and leaves the database unchanged.

Callers use the package: ``from economie071.monitor import services;
services.observations_import(...)``.
"""

from economie071.monitor.services._common import MAX_VALUE
from economie071.monitor.services.cbs import (
    DIMENSION,
    MAPPING_KEYS,
    TABLE_ID,
    CbsImportResult,
    cbs_import,
    cbs_mapping_upsert,
    cbs_mappings_load,
    cbs_plan,
)
from economie071.monitor.services.editions import edition_create
from economie071.monitor.services.imports import observations_import
from economie071.monitor.services.parks import (
    SCENARIO_WORDS,
    business_park_upsert,
    land_demand_import,
    ledger_entry_create,
    park_figures_import,
)
from economie071.monitor.services.population import PopulationImportResult, population_import
from economie071.monitor.services.retail import (
    AREA_TYPE_WORDS,
    YES_NO,
    action_line_progress_record,
    action_line_upsert,
    retail_figures_import,
    shopping_area_upsert,
)
from economie071.monitor.services.themes import indicator_upsert, theme_upsert

__all__ = [
    "MAX_VALUE",
    "indicator_upsert",
    "theme_upsert",
    "observations_import",
    "edition_create",
    "CbsImportResult",
    "DIMENSION",
    "MAPPING_KEYS",
    "TABLE_ID",
    "cbs_import",
    "cbs_mapping_upsert",
    "cbs_mappings_load",
    "cbs_plan",
    "PopulationImportResult",
    "population_import",
    "AREA_TYPE_WORDS",
    "YES_NO",
    "action_line_progress_record",
    "action_line_upsert",
    "retail_figures_import",
    "shopping_area_upsert",
    "SCENARIO_WORDS",
    "business_park_upsert",
    "land_demand_import",
    "ledger_entry_create",
    "park_figures_import",
]
