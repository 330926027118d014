#!/usr/bin/env node
// ChatNetOps' Cosmos DB (SQL API) protocol test peer, on 127.0.0.1 over HTTPS.
//
// The data model and most request handlers are @vercel/cosmosdb-server's (MIT; databases, containers and items in
// memory, the REST API of https://learn.microsoft.com/rest/api/cosmos-db/). This file serves them from its own HTTPS
// listener and dispatcher and adds what the official .NET SDK (Microsoft.Azure.Cosmos, Gateway mode) needs:
//
//   TLS      The certificate and key come from the caller (--cert/--key, PEM): the package's own certificate expired in
//            2021 and names no host, so no client could validate it. With a certificate for 127.0.0.1 issued by a CA
//            the client trusts, the SDK runs with certificate validation on (Cosmos:ConnectionMode=Gateway,
//            AcceptAnyServerCertificate=false). TLS 1.2 at least.
//   rids     Resource ids are written with '-' where base64 has '/', as the service writes them (the SDK's ResourceId
//            reads '-' back as '/'). The package writes plain base64, so one database in 64 got an id with a '/', and
//            the SDK's id-based routes for it (/dbs/{rid}/colls/{rid}/pkranges) did not resolve.
//   plans    A query-plan request (x-ms-cosmos-is-query-plan-request: True, which the SDK sends where it cannot
//            compute the plan itself, e.g. on Linux) is answered with a pass-through plan over the one partition key
//            range this server has, so the SDK sends the query as written and the server evaluates ORDER BY, TOP and
//            aggregates itself. The package would run the plan request as a query.
//   scopes   A query with x-ms-documentdb-partitionkey sees only that logical partition (the package ignores the
//            header and refuses queries whose text does not name the partition key).
//   reads    A point read of a missing item is 404 NotFound (the package answers 500 for it).
//   ranges   The partition key ranges are read by the SDK as a change feed (A-IM: Incremental feed, If-None-Match):
//            the first read gets the one range and an ETag, a read with that ETag gets 304 Not Modified, so the SDK's
//            routing map is complete (the ranges never change here).
//   ttl      Items expire by time-to-live: the item's `ttl` where the container's defaultTtl is set (-1 or n seconds),
//            else the container's n; -1 never expires; counted from the item's _ts (last write)
//            (https://learn.microsoft.com/azure/cosmos-db/nosql/time-to-live).
//
// Not supported (answered 400 by the package or here): transactional batch, change feed, OFFSET/LIMIT, GROUP BY,
// DISTINCT. Keys are not checked (any base64 key works). Every start is empty.
//
// usage: node server.js --cert <cert.pem> --key <key.pem> [--port <n>] [--log] [--exit-on-stdin-close]
//   --port 0 (the default) takes a free port. Once the server accepts connections it prints one line on stdout:
//   "listening https://127.0.0.1:<port>/". --log prints one line per request (method, path, status, ms).
//   --exit-on-stdin-close ends the server when its stdin closes (the test fixture that started it ended or died).
"use strict";

const https = require("https");
const fs = require("fs");
const crypto = require("crypto");

const LIB = "@vercel/cosmosdb-server/lib";
const ResourceId = require(`${LIB}/account/resource-id`).default;
const Account = require(`${LIB}/account`).default;
const routeOf = require(`${LIB}/routes`).default;
const readItems = require(`${LIB}/handler/_read-items`).default;
const readJson = require(`${LIB}/json`).default;
const getValue = require(`${LIB}/utils/get-value`).default;

function parseArguments(argv) {
  const options = { port: 0, log: false, exitOnStdinClose: false, cert: undefined, key: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if (name === "--log") options.log = true;
    else if (name === "--exit-on-stdin-close") options.exitOnStdinClose = true;
    else if (name === "--port" || name === "--cert" || name === "--key") {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${name} needs a value`);
      options[name.slice(2)] = name === "--port" ? Number.parseInt(value, 10) : value;
      i += 1;
    } else throw new Error(`unknown argument ${name}`);
  }
  if (!options.cert || !options.key) throw new Error("--cert and --key are required (PEM files)");
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error("--port must be 0-65535");
  return options;
}

// --- rids: '-' for '/' both ways (the package replaced only the first '-' when reading) -----------------------------
ResourceId.toBase64String = buffer => buffer.toString("base64").replace(/\//g, "-");
ResourceId.fromBase64String = text => Buffer.from(text.replace(/-/g, "/"), "base64");

// --- helpers -----------------------------------------------------------------------------------------------------------
const isTrue = value => typeof value === "string" && value.toLowerCase() === "true";

function pathOf(req) {
  let path = new URL(req.url, "https://127.0.0.1").pathname.replace(/\/+$/, "");
  if (path.startsWith("//")) path = path.slice(1);
  return path.split("/").map(decodeURIComponent);
}

/** "/dbs/{db}/colls/{coll}/{kind}[/{id}]" → { dbId, collId, kind, id }, else undefined. */
function containerRoute(segments) {
  const [empty, dbs, dbId, colls, collId, kind, id, extra] = segments;
  if (empty !== "" || dbs !== "dbs" || colls !== "colls" || kind === undefined || extra !== undefined) return undefined;
  return { dbId, collId, kind, id };
}

/** The logical partition named by x-ms-documentdb-partitionkey (a JSON array of one value), or undefined for none. */
function partitionKeyOf(req) {
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (!header) return undefined;
  const parsed = JSON.parse(header);
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const [value] = parsed;
  // [{}] is what the SDK sends for "no partition key" (PartitionKey.None).
  if (value !== null && typeof value === "object" && Object.keys(value).length === 0) return undefined;
  return value;
}

function collectionOf(account, { dbId, collId }) {
  const database = account.database(dbId);
  if (!database.read()) return undefined;
  const collection = database.collection(collId);
  return collection.read() ? collection : undefined;
}

const notFound = res => {
  res.statusCode = 404;
  return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
};

// --- plans ---------------------------------------------------------------------------------------------------------
function passThroughPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  };
}

// --- scopes --------------------------------------------------------------------------------------------------------
async function queryDocuments(account, req, res, route) {
  const partitionKey = partitionKeyOf(req);
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const body = await readJson(req);
    if (!body || typeof body.query !== "string") {
      const error = new Error("missing query");
      error.badRequest = true;
      throw error;
    }

    const collection = collectionOf(account, route);
    if (!collection) return null;
    const documents = collection.documents;
    const keyPath = documents._getPartitionKeyPath();
    const wanted = JSON.stringify(partitionKey);
    const items = [...documents._data.values()]
      .map(item => item.read())
      .filter(item => partitionKey === undefined || JSON.stringify(getValue(keyPath, item)) === wanted);
    const indexingPolicy = collection.read().indexingPolicy || {};
    return documents._getQuery(body.query).exec(items, {
      parameters: body.parameters,
      udf: documents._userDefinedFunctions(),
      maxItemCount,
      continuation,
      compositeIndexes: indexingPolicy.compositeIndexes || [],
    });
  });
}

// --- reads ---------------------------------------------------------------------------------------------------------
function readDocument(account, req, res, route) {
  const collection = collectionOf(account, route);
  if (!collection) return notFound(res);
  const item = collection.document(route.id, partitionKeyOf(req)).read();
  return item || notFound(res);
}

// --- ranges --------------------------------------------------------------------------------------------------------
const RANGES_ETAG = "\"1\"";

function readPartitionKeyRanges(account, req, res, route) {
  const collection = collectionOf(account, route);
  if (!collection) return notFound(res);
  res.setHeader("etag", RANGES_ETAG);
  if (req.headers["a-im"] && req.headers["if-none-match"] === RANGES_ETAG) {
    res.statusCode = 304;
    return undefined;
  }
  const ranges = [...collection.partitionKeyRanges._data.values()].map(item => item.read());
  res.setHeader("x-ms-item-count", String(ranges.length));
  return { _rid: collection.read()._rid, PartitionKeyRanges: ranges, _count: ranges.length };
}

// --- ttl -----------------------------------------------------------------------------------------------------------
/** Seconds an item lives after its last write, or undefined when it does not expire. */
function timeToLive(container, item) {
  const fallback = container.defaultTtl;
  if (fallback === undefined || fallback === null) return undefined;
  const own = Number.isInteger(item.ttl) ? item.ttl : fallback;
  return own > 0 ? own : undefined;
}

function removeExpired(account, nowSeconds) {
  for (const database of account.databases._data.values()) {
    for (const collection of database.collections._data.values()) {
      const container = collection.read();
      if (!container || container.defaultTtl === undefined || container.defaultTtl === null) continue;
      const keyPath = collection.documents._getPartitionKeyPath();
      for (const entry of [...collection.documents._data.values()]) {
        const item = entry.read();
        const ttl = timeToLive(container, item);
        if (ttl !== undefined && item._ts + ttl <= nowSeconds) {
          collection.documents.delete(item.id, getValue(keyPath, item));
        }
      }
    }
  }
}

// --- dispatch ------------------------------------------------------------------------------------------------------
/** Our handler for a request, or undefined to let the package's route table answer it. */
function ourHandler(req) {
  const route = containerRoute(pathOf(req));
  if (!route) return undefined;
  const h = req.headers;
  if (route.kind === "pkranges" && req.method === "GET" && route.id === undefined) {
    return (account, res) => readPartitionKeyRanges(account, req, res, route);
  }
  if (route.kind !== "docs") return undefined;
  if (req.method === "POST" && route.id === undefined) {
    if (isTrue(h["x-ms-cosmos-is-query-plan-request"])) return () => passThroughPlan();
    if (isTrue(h["x-ms-documentdb-isquery"]) || h["content-type"] === "application/query+json") {
      return (account, res) => queryDocuments(account, req, res, route);
    }
  }
  if (req.method === "GET" && route.id === undefined && h["a-im"]) {
    return (account, res) => {
      res.statusCode = 400;
      return { code: "BadRequest", message: "The change feed is not supported by this test server." };
    };
  }
  if (req.method === "GET" && route.id !== undefined) return (account, res) => readDocument(account, req, res, route);
  return undefined;
}

async function answer(account, req, res) {
  let body;
  try {
    const handler = ourHandler(req);
    if (handler) {
      body = await handler(account, res);
    } else {
      const found = routeOf(req);
      if (found) {
        const [params, packageHandler] = found;
        body = await packageHandler(account, req, res, params);
      } else {
        res.statusCode = 400;
        body = { code: "BadRequest", message: `no route for ${req.method} ${req.url}` };
      }
    }
  } catch (error) {
    res.statusCode = error.badRequest || error instanceof SyntaxError ? 400 : 500;
    body = { code: res.statusCode === 400 ? "BadRequest" : "InternalServerError", message: String(error.message) };
    if (res.statusCode === 500) console.error(error);
  }

  body = body || {};
  if (res.statusCode > 399 && body.message === undefined) body.message = "";
  if (body._etag) res.setHeader("etag", body._etag);
  res.setHeader("content-type", "application/json");
  res.setHeader("x-ms-activity-id", crypto.randomUUID());
  res.setHeader("x-ms-request-charge", "1");
  res.end(res.statusCode === 204 || res.statusCode === 304 ? undefined : JSON.stringify(body));
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  let account;
  const server = https.createServer(
    {
      cert: fs.readFileSync(options.cert),
      key: fs.readFileSync(options.key),
      minVersion: "TLSv1.2",
    },
    (req, res) => {
      const started = process.hrtime.bigint();
      if (options.log) {
        res.on("finish", () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          console.log(`${req.method} ${req.url} ${res.statusCode} ${ms.toFixed(1)}ms`);
        });
      }
      answer(account, req, res).catch(error => {
        console.error(error);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });

  server.listen(options.port, "127.0.0.1", () => {
    const { port } = server.address();
    account = new Account("127.0.0.1", port);
    setInterval(() => removeExpired(account, Math.floor(Date.now() / 1000)), 1000).unref();
    console.log(`listening https://127.0.0.1:${port}/`);
  });
  if (options.exitOnStdinClose) {
    // The parent (a test fixture) owns this process: it ends when the parent closes our stdin or dies.
    process.stdin.on("end", () => process.exit(0));
    process.stdin.resume();
  }
}

main();
