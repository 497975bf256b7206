#!/bin/sh
# Installs the production node_modules of one built app into the current
# directory, which holds the package.json and package-lock.json that
# `nx build <app>` writes beside the bundle (webpack generatePackageJson:
# only the packages the bundle imports, at the workspace's locked versions).
#
# Usage: sh install-production-deps.sh WORKSPACE_PACKAGE_JSON
#
# better-sqlite3 is added at the workspace's version: TypeORM loads it by
# name at run time, so the build's import scan misses it, and the SQLite
# watermark store (the embedded default) cannot open without it.
set -eu
workspace_package=$1
version=$(node -p "require(require('node:path').resolve(process.argv[1])).dependencies['better-sqlite3']" "$workspace_package")
npm pkg set "dependencies.better-sqlite3=$version"
# `npm install` with the lock file, not `npm ci`: docs/decisions/0004-npm-install-not-ci.md
npm install --omit=dev --no-audit --no-fund
