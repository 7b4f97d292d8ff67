"""The store's tables, as numbered forward migrations.

A new store runs every migration in order; an existing one runs those above its recorded
schema_version. Never edit a released migration: add the next one.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS meta (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL)""",
            "CREATE SEQUENCE IF NOT EXISTS fetch_id_seq START 1",
            # One row per raw payload ever written: the provenance of every other row.
            """CREATE TABLE IF NOT EXISTS fetches (
                fetch_id INTEGER PRIMARY KEY,
                source_key VARCHAR NOT NULL,      -- identity of the stream: parser + file name, or URL
                origin VARCHAR NOT NULL,          -- path relative to the import root, or URL
                origin_kind VARCHAR NOT NULL,     -- file | url
                location VARCHAR,                 -- resolved local path, to re-hash the file later
                sha256 VARCHAR NOT NULL,
                size_bytes BIGINT NOT NULL,
                retrieved_at TIMESTAMP NOT NULL,  -- UTC
                parser VARCHAR NOT NULL,
                parser_version VARCHAR NOT NULL,
                precedence INTEGER NOT NULL,      -- lower wins in the merged view
                rows_written BIGINT NOT NULL,
                http_status INTEGER,
                etag VARCHAR,
                last_modified VARCHAR,
                vintage VARCHAR,
                as_of DATE,
                notes VARCHAR,
                active BOOLEAN NOT NULL           -- false once a newer fetch of the same source replaced it
            )""",
            """CREATE TABLE IF NOT EXISTS series (
                series_id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                frequency VARCHAR NOT NULL,
                category VARCHAR NOT NULL,
                description VARCHAR)""",
            """CREATE TABLE IF NOT EXISTS series_aliases (
                alias VARCHAR PRIMARY KEY,        -- upper-cased
                series_id VARCHAR NOT NULL)""",
            # Which fetch carries which series, with the provider that fetch names.
            """CREATE TABLE IF NOT EXISTS series_sources (
                series_id VARCHAR NOT NULL,
                fetch_id INTEGER NOT NULL,
                provider VARCHAR NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS observations (
                series_id VARCHAR NOT NULL,
                field VARCHAR NOT NULL,           -- close, open, high, low, adj_close, value, ...
                date DATE NOT NULL,
                value DOUBLE NOT NULL,
                fetch_id INTEGER NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS holdings (
                fund VARCHAR NOT NULL,
                as_of DATE,                       -- NULL when the export does not state it
                ticker VARCHAR,
                name VARCHAR,
                sector VARCHAR,
                asset_class VARCHAR,
                market_value DOUBLE,
                weight_pct DOUBLE,
                notional_value DOUBLE,
                quantity DOUBLE,
                price DOUBLE,
                location VARCHAR,
                exchange VARCHAR,
                currency VARCHAR,
                fx_rate DOUBLE,
                market_currency VARCHAR,
                accrual_date VARCHAR,
                fetch_id INTEGER NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS sp500_constituents (
                symbol VARCHAR NOT NULL,
                security VARCHAR,
                gics_sector VARCHAR,
                gics_sub_industry VARCHAR,
                headquarters VARCHAR,
                date_added DATE,
                cik VARCHAR,
                founded VARCHAR,
                fetch_id INTEGER NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS sp500_financials (
                symbol VARCHAR NOT NULL,
                name VARCHAR,
                sector VARCHAR,
                price DOUBLE,
                price_earnings DOUBLE,
                dividend_yield DOUBLE,            -- decimal fraction, 0.0175 = 1.75%
                earnings_per_share DOUBLE,
                week52_low DOUBLE,
                week52_high DOUBLE,
                market_cap DOUBLE,                -- USD
                ebitda DOUBLE,                    -- USD
                price_sales DOUBLE,
                price_book DOUBLE,
                sec_filings VARCHAR,
                fetch_id INTEGER NOT NULL)""",
            # SEC EDGAR companyfacts, one row per distinct (concept, unit, period, value, accession).
            """CREATE TABLE IF NOT EXISTS company_facts (
                cik VARCHAR NOT NULL,
                ticker VARCHAR,
                entity_name VARCHAR,
                taxonomy VARCHAR NOT NULL,        -- us-gaap, dei, ifrs-full
                concept VARCHAR NOT NULL,
                unit VARCHAR NOT NULL,
                period_start DATE,                -- NULL for instant facts
                period_end DATE NOT NULL,
                value DOUBLE NOT NULL,
                form VARCHAR,
                fiscal_year INTEGER,              -- describes the filing, not the period
                fiscal_period VARCHAR,
                filed DATE,
                accession VARCHAR,
                frame VARCHAR,
                fetch_id INTEGER NOT NULL)""",
            # Trading sessions, so analytics never import the calendar library at run time.
            """CREATE TABLE IF NOT EXISTS sessions (
                exchange VARCHAR NOT NULL,
                date DATE NOT NULL,
                open_utc TIMESTAMP NOT NULL,
                close_utc TIMESTAMP NOT NULL,
                PRIMARY KEY (exchange, date))""",
            # The merged view: per series, field and date, the value from the source with the lowest
            # precedence number; among fetches of equal precedence, the newest.
            """CREATE OR REPLACE VIEW observations_merged AS
                SELECT series_id, field, date, value, fetch_id FROM (
                    SELECT o.series_id, o.field, o.date, o.value, o.fetch_id,
                           row_number() OVER (
                               PARTITION BY o.series_id, o.field, o.date
                               ORDER BY f.precedence, f.fetch_id DESC) AS rank
                    FROM observations o JOIN fetches f USING (fetch_id)
                    WHERE f.active)
                WHERE rank = 1""",
        ],
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]

# Tables whose rows belong to a fetch (replaced together when the source's bytes change).
FETCH_OWNED_TABLES = (
    "observations",
    "series_sources",
    "holdings",
    "sp500_constituents",
    "sp500_financials",
    "company_facts",
)

RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "holdings": (
        "fund", "as_of", "ticker", "name", "sector", "asset_class", "market_value", "weight_pct",
        "notional_value", "quantity", "price", "location", "exchange", "currency", "fx_rate",
        "market_currency", "accrual_date",
    ),
    "sp500_constituents": (
        "symbol", "security", "gics_sector", "gics_sub_industry", "headquarters", "date_added", "cik", "founded",
    ),
    "sp500_financials": (
        "symbol", "name", "sector", "price", "price_earnings", "dividend_yield", "earnings_per_share",
        "week52_low", "week52_high", "market_cap", "ebitda", "price_sales", "price_book", "sec_filings",
    ),
    "company_facts": (
        "cik", "ticker", "entity_name", "taxonomy", "concept", "unit", "period_start", "period_end", "value",
        "form", "fiscal_year", "fiscal_period", "filed", "accession", "frame",
    ),
}
