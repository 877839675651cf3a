#!/usr/bin/env node
// The `connector-sidecar` command: runs the compiled CLI (`npm run build:ts` makes dist/).
import { main } from "../dist/client/cli.js";

process.exitCode = await main(process.argv.slice(2));
