#!/bin/sh
# The image's entrypoint (under tini). Commands:
#   api | worker | migrate   fill in the settings the environment leaves out, then exec the process
#   secrets                  generate every missing secret into the secrets volume, then exit
#   anything else            exec'd as given (e.g. `sh`)
#
# Secrets: a value in the environment always wins. Otherwise MASTER_KEY, JWT_SECRET,
# POSTGRES_PASSWORD and REDIS_PASSWORD come from $AGENTED_SECRETS_DIR/<NAME>, written once by
# `secrets` (compose runs it before anything else starts) and kept in a volume, so every replica and
# every restart agrees. Each process gets only what it uses: the worker and the migrations never
# see JWT_SECRET or the first admin's password.
set -eu

SECRETS_DIR="${AGENTED_SECRETS_DIR:-/var/lib/agented/secrets}"

# Compose and env files pass `NAME=` for settings left blank: blank means "not set", so the
# application's defaults apply instead of a validation error on an empty string.
for name in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=$/\1/p'); do
  if [ -z "$(printenv "$name" || true)" ]; then unset "$name"; fi
done

# random <bytes> <base64|hex>
random() {
  node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString(process.argv[2]))' "$1" "$2"
}

is_set() {
  [ -n "$(printenv "$1" || true)" ]
}

# generate <NAME> <bytes> <encoding>: creates the file unless the environment or the file has a value.
generate() {
  file="$SECRETS_DIR/$1"
  if is_set "$1" || [ -s "$file" ]; then return 0; fi
  tmp=$(mktemp "$SECRETS_DIR/.$1.XXXXXX")
  random "$2" "$3" >"$tmp"
  # link(2) refuses to replace an existing file: if two starts race, one value wins and both read it.
  if ln "$tmp" "$file" 2>/dev/null; then
    echo "agented: generated $1 in $file (keep this volume, and back it up)"
  fi
  rm -f "$tmp"
  [ -s "$file" ] || { echo "agented: could not write $file" >&2; exit 1; }
}

# load <NAME>: exports the stored value unless the environment already has one.
load() {
  if ! is_set "$1" && [ -s "$SECRETS_DIR/$1" ]; then
    export "$1=$(cat "$SECRETS_DIR/$1")"
  fi
}

urlencode() {
  node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"
}

# DATABASE_URL, when not given, is assembled from POSTGRES_* (what compose's postgres service uses).
database_url() {
  if is_set DATABASE_URL || ! is_set POSTGRES_HOST; then return 0; fi
  load POSTGRES_PASSWORD
  user=$(urlencode "${POSTGRES_USER:-agented}")
  password=$(urlencode "${POSTGRES_PASSWORD:-}")
  export DATABASE_URL="postgres://$user:$password@$POSTGRES_HOST:${POSTGRES_PORT:-5432}/${POSTGRES_DB:-agented}"
}

# REDIS_URL, when not given, is assembled from REDIS_HOST and the stored REDIS_PASSWORD.
redis_url() {
  if is_set REDIS_URL || ! is_set REDIS_HOST; then return 0; fi
  load REDIS_PASSWORD
  auth=""
  if is_set REDIS_PASSWORD; then auth=":$(urlencode "$REDIS_PASSWORD")@"; fi
  export REDIS_URL="redis://$auth$REDIS_HOST:${REDIS_PORT:-6379}"
}

# prepare <role>: the settings that role uses, and nothing it does not.
prepare() {
  load MASTER_KEY
  database_url
  redis_url
  if [ "$1" = api ]; then
    load JWT_SECRET
  else
    unset JWT_SECRET ADMIN_EMAIL ADMIN_PASSWORD GITHUB_WEBHOOK_SECRET
  fi
  # The application reads DATABASE_URL and REDIS_URL only; the parts need not reach it or its children.
  unset POSTGRES_PASSWORD POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_DB
  unset REDIS_PASSWORD REDIS_HOST REDIS_PORT
}

command="${1:-api}"
case "$command" in
  secrets)
    umask 077
    generate MASTER_KEY 32 base64
    generate JWT_SECRET 48 base64
    # hex: safe in a URL without encoding, whatever tool reads it.
    generate POSTGRES_PASSWORD 24 hex
    generate REDIS_PASSWORD 24 hex
    ;;
  api)
    prepare api
    exec node dist/main.js
    ;;
  worker)
    prepare worker
    exec node dist/worker.js
    ;;
  migrate)
    prepare migrate
    exec node dist/migrate.js
    ;;
  *)
    exec "$@"
    ;;
esac
