#!/bin/sh
# Shuangkong's PostgreSQL roles and database on an external PostgreSQL: run once, as a superuser
# (docs/decisions.md §32, README "PostgreSQL roles"). Running it again changes nothing, or
# brings the roles back to their attributes and to the passwords in the files.
#
#   PGHOST=db.example.internal PGUSER=postgres deploy/postgres/create-roles.sh
#
# It makes, with ATTRIBUTES below (no superuser, no CREATEROLE/CREATEDB):
#   <prefix>owner      owns the database, its schemas and tables: migrations (`shuangkong migrate`,
#                      SK_MIGRATION_DATABASE_URL) and rebuilds (`shuangkong rebuild`)
#   <prefix><service>  one per service, owns nothing: that service's SK_DATABASE_URL. Its grants
#                      on its schemas are applied by `shuangkong migrate`, after every migration.
# and the database, the owner's, that only these roles may connect to; every object in it that
# another role owns (an earlier version's, made as the superuser) becomes the owner's.
#
# Where to connect: psql's own variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE, …).
# Settings:
#   SK_DATABASE              the application database (default shuangkong), created if missing
#   SK_DATABASE_ROLE_PREFIX  the roles' prefix (default sk_), as the services' setting of that name
#   SK_SERVICES              the services (default: those of this version, below)
#   SK_SECRETS_DIR           <dir>/<role>.password: each role's password, read from there, or made
#                            and written there (0600) when absent (default ./secrets)
# With python3 on the PATH the passwords reach the server only as SCRAM-SHA-256 verifiers;
# without it, in clear inside ALTER ROLE (hashed by the server; keep log_statement off for the run).
set -eu

# The role list of this version: tests/integration/security/test_create_roles_script.py checks it
# against the services' catalog and libs/roles.py.
SERVICES="${SK_SERVICES:-alerting gov_sync hazard identity inspection risk_registry audit}"
ATTRIBUTES="LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
OWNER=owner

DATABASE="${SK_DATABASE:-shuangkong}"
PREFIX="${SK_DATABASE_ROLE_PREFIX:-sk_}"
SECRETS="${SK_SECRETS_DIR:-./secrets}"
PSQL="psql -X -q -v ON_ERROR_STOP=1"

name_ok() {
    case "$1" in
        ""|[!a-z_]*|*[!a-z0-9_]*) echo "create-roles: '$1' is not a plain lower-case name" >&2; exit 2 ;;
    esac
}

password_of() {  # the kept password of role $1, made (0600) the first time
    file="$SECRETS/$1.password"
    if [ ! -s "$file" ]; then
        (umask 077 && mkdir -p "$SECRETS" && head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file")
    fi
    chmod 700 "$SECRETS"
    chmod 600 "$file"
    tr -d '\n' < "$file"
}

verifier_of() {  # what PostgreSQL stores for password $1 (libs/roles.py scram_verifier), or $1 itself
    if command -v python3 > /dev/null 2>&1; then
        printf '%s' "$1" | python3 -c '
import base64, hashlib, hmac, os, sys
password, salt, n = sys.stdin.read().encode(), os.urandom(16), 4096
salted = hashlib.pbkdf2_hmac("sha256", password, salt, n)
client, server = (hmac.new(salted, k, "sha256").digest() for k in (b"Client Key", b"Server Key"))
b64 = lambda raw: base64.b64encode(raw).decode()
print(f"SCRAM-SHA-256${n}:{b64(salt)}${b64(hashlib.sha256(client).digest())}:{b64(server)}", end="")'
    else
        echo "create-roles: no python3: the passwords are sent in clear inside ALTER ROLE" >&2
        printf '%s' "$1"
    fi
}

ensure_role() {
    name_ok "$1"
    # The password goes in on standard input, not psql's argv (seen in ps), and this session's
    # statements are not logged where the server lets a superuser say so (a managed server's admin
    # may not be allowed: then its statement log must be off for the run, as said above).
    password="$(verifier_of "$(password_of "$1")")"
    case "$password" in
        *"'"*|*\\*) echo "create-roles: the password of $1 holds a quote or a backslash; use a URL-safe one" >&2; exit 2 ;;
    esac
    $PSQL -d postgres -v role="$1" <<SQL
DO \$\$ BEGIN PERFORM set_config('log_statement', 'none', false);
EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'create-roles: log_statement stays as the server has it';
END \$\$;
\set password '$password'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH $ATTRIBUTES PASSWORD :'password';
SQL
}

name_ok "$DATABASE"
ensure_role "$PREFIX$OWNER"
for service in $SERVICES; do
    ensure_role "$PREFIX$service"
done

$PSQL -d postgres -v db="$DATABASE" -v owner="$PREFIX$OWNER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
for service in $SERVICES; do
    echo 'GRANT CONNECT ON DATABASE :"db" TO :"role";' | $PSQL -d postgres -v db="$DATABASE" -v role="$PREFIX$service"
done
# Before PostgreSQL 15 everyone may create objects in `public`: nobody may here.
$PSQL -d "$DATABASE" -c 'REVOKE CREATE ON SCHEMA public FROM PUBLIC'

# What an earlier version made as another role (every service as the superuser, as compose did) is
# the owner's from now on, one object at a time, as the embedded runtime does (libs/roles.py adopt,
# the same query: a test holds them equal). `REASSIGN OWNED BY postgres` cannot: the bootstrap
# superuser owns the system's objects too.
$PSQL -d "$DATABASE" -v owner="$PREFIX$OWNER" <<'SQL'
BEGIN;
SELECT format('ALTER %s %s OWNER TO %I', kind, name, :'owner') FROM (
WITH ours AS (
    SELECT oid, nspname, nspowner FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'public')
)
SELECT 'SCHEMA' AS kind, quote_ident(nspname) AS name FROM ours WHERE nspowner <> :'owner'::regrole
UNION ALL
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
       ELSE 'TABLE' END, quote_ident(o.nspname) || '.' || quote_ident(c.relname)
FROM pg_class c JOIN ours o ON o.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> :'owner'::regrole
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                       AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
UNION ALL
SELECT 'ROUTINE', quote_ident(o.nspname) || '.' || quote_ident(p.proname)
       || '(' || pg_get_function_identity_arguments(p.oid) || ')'
FROM pg_proc p JOIN ours o ON o.oid = p.pronamespace WHERE p.proowner <> :'owner'::regrole
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, quote_ident(o.nspname) || '.' || quote_ident(t.typname)
FROM pg_type t JOIN ours o ON o.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typowner <> :'owner'::regrole AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))
) AS not_owned \gexec
COMMIT;
SQL

echo "PostgreSQL roles ready in database $DATABASE; passwords in $SECRETS/<role>.password:"
echo "  $PREFIX$OWNER: SK_MIGRATION_DATABASE_URL of \`shuangkong migrate\` (and \`shuangkong rebuild\`)"
for service in $SERVICES; do
    echo "  $PREFIX$service: SK_DATABASE_URL of $service"
done
echo "Next: shuangkong migrate (as $PREFIX$OWNER), then start the services."
