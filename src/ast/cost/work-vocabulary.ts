/**
 * The names that tell what a call costs without reading its body: modules whose calls leave the process
 * (`remote`) or reach a database, modules that stay in memory, and method and receiver names that say so.
 * Shared by the per-element judgement of one file (`element-work.ts`) and the project model's function
 * costs across modules (`src/project/costs.ts`), so that both judge a call alike.
 */
export const REMOTE_MODULES = /^(?:https?|http2|net|tls|dgram|dns|axios|got|undici|node-fetch|ky|superagent|request|request-promise(?:-native)?|needle|cross-fetch|isomorphic-fetch|phin|bent|openai|@anthropic-ai\/sdk|@google\/gen(?:erative-)?ai|cohere-ai|groq-sdk|ollama|@mistralai\/.+|replicate|ai|@ai-sdk\/.+|langchain(?:\/.+)?|@langchain\/.+|@aws-sdk\/.+|aws-sdk|@google-cloud\/.+|googleapis|@octokit\/.+|octokit|stripe|twilio|nodemailer|@sendgrid\/.+|@slack\/.+|discord\.js|telegraf|puppeteer(?:-core)?|playwright(?:-core)?|child_process|execa|cross-spawn|worker_threads|@pinecone-database\/.+|chromadb|@qdrant\/.+|weaviate-.+)$/u;
export const DATABASE_MODULES = /^(?:pg|pg-promise|postgres|mysql2?(?:\/promise)?|mariadb|mongodb|mongoose|ioredis|redis|@redis\/.+|knex|sequelize|@prisma\/client|typeorm|drizzle-orm(?:\/.+)?|kysely|sqlite3?|cassandra-driver|@elastic\/elasticsearch|@opensearch-project\/.+|neo4j-driver|@supabase\/.+|firebase-admin(?:\/.+)?|@google-cloud\/firestore|dynamoose)$/u;
export const LOCAL_MODULES = /^(?:@aws-sdk\/s3-request-presigner|@aws-sdk\/cloudfront-signer|fs|fs\/promises|path|util|os|url|querystring|events|stream|buffer|assert|string_decoder|zlib|crypto|readline|timers(?:\/promises)?|perf_hooks|lodash(?:-es|\/.+)?|es-toolkit(?:\/.+)?|ramda|remeda|uuid|nanoid|dayjs|date-fns|moment|zod|ajv|semver|chalk|debug|pino|winston)$/u;
/** Globals whose calls never leave the process. */
export const CHEAP_GLOBALS = new Set(["JSON", "Math", "Object", "Array", "String", "Number", "Boolean", "Symbol", "Promise", "Date", "Error", "TypeError", "RangeError", "Map", "Set", "WeakMap", "WeakSet", "RegExp", "URL", "URLSearchParams", "Buffer", "BigInt", "structuredClone", "setTimeout", "setImmediate", "queueMicrotask", "clearTimeout", "console", "parseInt", "parseFloat", "encodeURIComponent", "decodeURIComponent", "encodeURI", "isNaN", "TextEncoder", "TextDecoder", "AbortController", "AbortSignal", "Reflect", "Proxy", "Uint8Array", "ArrayBuffer", "DataView", "process", "require"]);

/** Method names that reach a remote peer whatever the receiver is called. */
export const REMOTE_METHODS = /^(?:fetch|request|invoke|ainvoke|batch(?:Invoke)?|stream(?:Events|Log)?|embed(?:Query|Documents|Many|Content|Text)?|createCompletion|createChatCompletion|createEmbeddings?|chatCompletion|generateContent|generateText|streamText|generateObject|sendMessage|sendEmail|sendMail|upload(?:File)?|download(?:File)?|scrape|crawl|similaritySearch|callTool|callApi|callModel|putObject|getObject|publish)$/u;
/** HTTP verbs count as remote only on a receiver named like an HTTP client or API. */
export const HTTP_VERBS = /^(?:get|post|put|patch|delete|del|head|options)$/u;
export const HTTP_RECEIVER = /(?:^|[._])(?:axios|got|http|https|api|ky|superagent|octokit|github|gitlab|rest|fetcher|httpClient|apiClient|agent)$|(?:Api|Client|Http|Service|Sdk)$/u;
/** Model, chain and agent receivers: `llm.call`, `chain.run`, `model.predict`. */
export const MODEL_RECEIVER = /(?:^|[._])(?:llm|model|chatModel|chain|agent|executor|openai|anthropic|gemini|claude|tool|embeddings?|retriever|vectorStore|index|completions|chat|responses|messages)$/iu;
export const MODEL_METHODS = /^(?:call|run|predict|generate|complete|chat|create|query|search|retrieve|getRelevantDocuments|upsert)$/u;
/** Database methods that are unambiguous on any receiver. */
export const DATABASE_METHODS = /^(?:query|execute|executeSql|raw|findOne|findMany|findUnique|findFirst|findAll|findById|findByPk|findOneAndUpdate|findOneAndDelete|insertOne|insertMany|updateOne|updateMany|deleteOne|deleteMany|replaceOne|bulkWrite|aggregate|countDocuments|upsert|createMany|hgetall|hget|hset|lpush|rpush|sadd|zadd|xadd|mget|mset|pipeline|transaction|getConnection|acquire)$/u;
/** Generic method names that are database calls only on a receiver named like a database handle. */
export const GENERIC_DATABASE_METHODS = /^(?:find|insert|update|delete|remove|save|create|destroy|del|select|fetchAll|scan)$/u;
/** Key-value reads and writes count only on a receiver named like a key-value store (`model.get` is an attribute). */
export const KEY_VALUE_METHODS = /^(?:get|set|put|exists|mget|mset|expire|incr)$/u;
export const KEY_VALUE_RECEIVER = /(?:^|[._])(?:redis|kv|memcached?|valkey|dynamo|documentClient|bucket|s3)$|(?:Redis|Kv|KV)$/u;
export const DATABASE_RECEIVER = /(?:^|[._])(?:db|database|pool|knex|prisma|sequelize|repo|repository|model|collection|redis|cache|store|table|orm|em|entityManager|dataSource|supabase|firestore|dynamo|documentClient|mongo|sql|conn|connection|client|session|trx|tx|transaction|queryRunner|manager|bucket|s3|storage)$|(?:Repository|Model|Collection|Table|Store|Db|DB)$/u;
/** A receiver that is one connection, transaction or pipeline: what goes through it runs one at a time. */
export const SINGLE_CONNECTION = /^(?:trx|tx|transaction|t|conn|connection|session|queryRunner|pipeline|multi|batch)$/u;
/** Methods that wind down what is already held, or that only touch memory. */
export const CHEAP_METHODS = /^(?:close|destroy|end|disconnect|quit|terminate|kill|abort|cancel|dispose|unsubscribe|stop|release|shutdown|drain|flush|unref|emit|on|once|off|log|debug|info|warn|error|trace|push|pop|shift|unshift|splice|slice|concat|join|split|map|filter|forEach|reduce|some|every|includes|indexOf|keys|values|entries|has|toString|toJSON|trim|replace|replaceAll|startsWith|endsWith|toLowerCase|toUpperCase|padStart|padEnd|match|test|then|catch|finally|resolve|reject|bind|apply|sort|flat|flatMap|assign|freeze|stringify|parse|format|validate|clone|serialize|deserialize|encode|decode|digest|update|createHash|randomUUID|next|get|set|add|delete|clear|at|fill|copy|equals|compare|write|read)$/u;


/** What a call into `module` costs, from the module's name alone; `undefined` for a project module or one not listed. */
export function classifyByModule(module: string): "remote" | "database" | "cheap" | undefined {
  if (module.startsWith(".") || module.startsWith("/")) return undefined;
  // Local first: a presigner signs in memory, though it ships under a cloud SDK's scope.
  if (LOCAL_MODULES.test(module)) return "cheap";
  if (REMOTE_MODULES.test(module)) return "remote";
  if (DATABASE_MODULES.test(module)) return "database";
  return undefined;
}
