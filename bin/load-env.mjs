// Preloaded by the npm scripts that start the bot or register its commands
// (`node --import ./bin/load-env.mjs …`): reads `.env` from the current folder when there is one,
// as dotenv-style projects do. A variable already in the environment wins, even an empty one
// (`SLACK_BOT_TOKEN= npm start` opens the shell whatever .env says); no .env is fine.
// The program itself (bin/sellerdesk.js, the tests) never reads .env.
import { existsSync } from 'node:fs';

if (existsSync('.env')) process.loadEnvFile('.env');
