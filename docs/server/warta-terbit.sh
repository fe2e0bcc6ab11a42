#!/bin/sh
# Publish Warta from a Pemda server to its web root, run by a systemd timer or cron every 15 minutes.
#
#   warta-terbit.sh /srv/warta/sumber /var/www/warta
#
# 1. pulls the source repository (a clone of the repository, with `make build` run once);
# 2. asks warta_ops/due.py (standard library only) whether anything is due: a commit that changed
#    the site, a passed embargo, or a new day. Nothing due: it stops here, in well under a second;
# 3. publishes through the gates into a staging folder next to the clone (only what changed is built);
# 4. copies the gated site to the web root with rsync: changed files only, removed pages deleted,
#    every file moved into place at the end (--delay-updates), so readers never see half a site.
# A failure at any step leaves the web root as it was and the next run tries again.
set -eu

SOURCE=${1:?folder of the source clone}
WEBROOT=${2:?web root, e.g. /var/www/warta}
STATE=${WARTA_STATE:-$SOURCE/.warta-state/terbit.json}
STAGING=${WARTA_STAGING:-$SOURCE/.warta-terbit}

cd "$SOURCE"
git pull --quiet --ff-only
if ! python3 warta_ops/due.py --state "$STATE"; then
    exit 0
fi
.venv/bin/invoke publish --directory "$STAGING" --state "$STATE"
mkdir -p "$WEBROOT"
if ! rsync -a --delete --delay-updates "$STAGING/" "$WEBROOT/"; then
    rm -f "$STATE"  # not published: the next run must try again
    exit 1
fi
