#!/usr/bin/env bash
# Restores the local Cake tool and runs build.cake with the given arguments, e.g. ./build.sh --target=Test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dotnet tool restore > /dev/null
exec dotnet cake build.cake "$@"
