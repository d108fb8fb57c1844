/// The OpenAPI 3.1 description of the JSON API, served at `GET /openapi.json`.
///
/// Kept true by a test that checks every API route of ``NewsfoldService/endpoints`` against
/// it (and every path in it against the routes): change both together.
///
/// ```swift
/// let doc = OpenAPIDocument.json      // the document as JSON text
/// ```
public enum OpenAPIDocument {
    /// The document, as JSON text.
    public static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Newsfold",
            "version": "1.0.0",
            "description": "Articles, copy groups, stories and provenance from crawled news pages. Reads are open; writes need 'Authorization: Bearer <NEWSFOLD_TOKEN>'. Errors are {\"error\":{\"status\",\"message\"}}."
          },
          "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
              "Error": {
                "type": "object", "required": ["error"],
                "properties": { "error": { "type": "object", "required": ["status", "message"],
                  "properties": { "status": { "type": "integer" }, "message": { "type": "string" } } } }
              },
              "PageIn": {
                "type": "object",
                "description": "One page: html or crawled text. Without an id, one is made from the content (the same page gets the same id).",
                "properties": {
                  "id": { "type": "string" }, "url": { "type": "string" },
                  "html": { "type": "string" }, "text": { "type": "string" },
                  "fetched_at": { "type": "string", "description": "ISO 8601" }
                }
              },
              "Flag": {
                "type": "object", "required": ["kind", "severity", "evidence", "text"],
                "properties": {
                  "kind": { "type": "string", "enum": ["injected-text", "date-anomaly", "missing-attribution", "truncated"] },
                  "severity": { "type": "string", "enum": ["high", "medium", "low"] },
                  "evidence": { "type": "string" }, "text": { "type": "string" }
                }
              },
              "IngestResult": {
                "type": "object", "required": ["id", "group", "story", "flags", "already_stored"],
                "properties": {
                  "id": { "type": "string" }, "group": { "type": "string" },
                  "duplicate_of": { "type": ["string", "null"] }, "story": { "type": "integer" },
                  "role": { "type": ["string", "null"], "enum": ["original", "copy", "edited-copy", "rewrite", "independent", null] },
                  "flags": { "type": "array", "items": { "$ref": "#/components/schemas/Flag" } },
                  "already_stored": { "type": "boolean" }
                }
              },
              "StoredArticle": {
                "type": "object", "required": ["id", "group", "story", "article"],
                "properties": {
                  "id": { "type": "string" }, "group": { "type": "string" },
                  "duplicate_of": { "type": ["string", "null"] }, "similarity": { "type": ["number", "null"] },
                  "story": { "type": "integer" }, "role": { "type": ["string", "null"] },
                  "flags": { "type": "array", "items": { "type": "string" } },
                  "article": { "type": "object", "description": "The article as `newsfold extract` writes it." }
                }
              },
              "StorySummary": {
                "type": "object", "required": ["id", "articles", "sources", "copies"],
                "properties": {
                  "id": { "type": "integer" }, "title": { "type": ["string", "null"] },
                  "first_seen": { "type": ["string", "null"] }, "last_seen": { "type": ["string", "null"] },
                  "articles": { "type": "integer" }, "sources": { "type": "integer" }, "copies": { "type": "integer" },
                  "sites": { "type": "array", "items": { "type": "string" } },
                  "flags": { "type": "array", "items": { "type": "string" } },
                  "continues": { "type": ["integer", "null"], "description": "The earlier story this one continues (begun after a week of silence), if any." }
                }
              },
              "StoriesPage": {
                "type": "object", "required": ["stories"],
                "properties": {
                  "stories": { "type": "array", "items": { "$ref": "#/components/schemas/StorySummary" } },
                  "next_cursor": { "type": ["string", "null"] }
                }
              },
              "StoryReport": {
                "type": "object", "required": ["story", "articles", "groups"],
                "properties": {
                  "story": { "$ref": "#/components/schemas/StorySummary" },
                  "title": { "type": ["string", "null"] },
                  "articles": { "type": "array", "items": { "type": "object" } },
                  "groups": { "type": "array", "items": { "type": "object", "description": "Copy group: id, original, evidence, members with role, changes, flags, adds." } },
                  "report_current": { "type": "boolean", "description": "Whether the stored report is of the story's latest change; reads never analyse, a background worker does." },
                  "awaiting_analysis": { "type": "array", "items": { "type": "string" }, "description": "Ids of the articles the stored report does not cover yet." },
                  "continued_by": { "type": "array", "items": { "$ref": "#/components/schemas/StorySummary" }, "description": "The later stories that continue this one (each begun after a week of silence)." }
                }
              },
              "SearchResults": {
                "type": "object", "required": ["query", "hits"],
                "properties": {
                  "query": { "type": "string" },
                  "hits": { "type": "array", "items": { "type": "object", "properties": {
                    "id": { "type": "string" }, "story": { "type": "integer" }, "group": { "type": "string" },
                    "title": { "type": ["string", "null"] }, "site": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }, "snippet": { "type": "string" } } } }
                }
              }
            },
            "responses": {
              "Error": { "description": "An error with a message saying what to do. Store errors: 400 a request that cannot be understood, 409 a conflicting id or a store another process writes (or opened read-only), 503 the database cannot be reached, 500 a damaged store or one made by a newer Newsfold.",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
          },
          "paths": {
            "/v1/articles": {
              "post": {
                "summary": "Add one page: extract its article, place it in a copy group and a story, analyse provenance.",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PageIn" } } } },
                "responses": {
                  "201": { "description": "Stored.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/IngestResult" } } } },
                  "200": { "description": "Already stored: the existing record.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/IngestResult" } } } },
                  "400": { "$ref": "#/components/responses/Error" },
                  "401": { "$ref": "#/components/responses/Error" },
                  "409": { "$ref": "#/components/responses/Error" },
                  "413": { "$ref": "#/components/responses/Error" },
                  "422": { "$ref": "#/components/responses/Error" },
                  "503": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/v1/articles/{id}": {
              "get": {
                "summary": "One stored article with its group, story, role and flags.",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                  "200": { "description": "The article.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StoredArticle" } } } },
                  "404": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/v1/stories": {
              "get": {
                "summary": "Stories, newest first by their latest credible publication date (undated last), then id.",
                "parameters": [
                  { "name": "since", "in": "query", "schema": { "type": "string" }, "description": "ISO 8601: stories whose latest article was published at or after it." },
                  { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 20 } },
                  { "name": "cursor", "in": "query", "schema": { "type": "string" }, "description": "next_cursor of the previous page." }
                ],
                "responses": {
                  "200": { "description": "A page of stories.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StoriesPage" } } } },
                  "400": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/v1/stories/{id}": {
              "get": {
                "summary": "The provenance report of one story.",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": {
                  "200": { "description": "The report.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StoryReport" } } } },
                  "404": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/v1/search": {
              "get": {
                "summary": "Full-text search over titles and bodies; every word must match.",
                "parameters": [
                  { "name": "q", "in": "query", "required": true, "schema": { "type": "string" } },
                  { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 200, "default": 20 } }
                ],
                "responses": {
                  "200": { "description": "Matches, best first.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SearchResults" } } } },
                  "400": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/healthz": {
              "get": {
                "summary": "Liveness and store size.",
                "responses": { "200": { "description": "{status, articles, stories}", "content": { "application/json": { "schema": { "type": "object" } } } } }
              }
            },
            "/metrics": {
              "get": {
                "summary": "Prometheus metrics: requests, latencies, articles, stories.",
                "responses": { "200": { "description": "Text exposition format 0.0.4.", "content": { "text/plain": { "schema": { "type": "string" } } } } }
              }
            },
            "/openapi.json": {
              "get": {
                "summary": "This document.",
                "responses": { "200": { "description": "OpenAPI 3.1.", "content": { "application/json": { "schema": { "type": "object" } } } } }
              }
            }
          }
        }
        """#
}
