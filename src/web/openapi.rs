//! The OpenAPI 3.1 document of the JSON API (`/api/v1/openapi.json`). The API's routes are
//! one list ([`super::api_routes`]) walked twice: by the router, which registers each
//! handler, and here, where each route's [`Operation`] (its parameters and answer, declared
//! beside the typed parameters and resources) becomes a path of the document. A route cannot
//! be registered without its description.

use std::sync::LazyLock;

use actix_web::{web, FromRequest, Handler, HttpResponse, Responder};
use serde_json::{json, Map, Value};

use crate::record::apidoc::{ApiField, ApiParam, ApiType};

/// What a route of the API answers with.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A page of a list in the paging envelope (`results`, `total`, `page`, `per_page`),
    /// each result with these fields; `extra` are further fields of the envelope.
    List {
        result: Vec<ApiField>,
        extra: Vec<ApiField>,
    },
    /// One object with these fields.
    Item(Vec<ApiField>),
    /// This document.
    Document,
}

impl Answer {
    /// A list in the paging envelope.
    pub fn list(result: &[ApiField]) -> Answer {
        Answer::List {
            result: result.to_vec(),
            extra: Vec::new(),
        }
    }

    /// One object with these fields.
    pub fn item(fields: &[ApiField]) -> Answer {
        Answer::Item(fields.to_vec())
    }
}

/// A route of the API as the document describes it.
#[derive(Debug, Clone)]
pub struct Operation {
    pub summary: String,
    /// The query parameters, in groups (the route's own, paging, scope).
    pub query: Vec<&'static [ApiParam]>,
    /// What the path's `{key}` or `{id}` names.
    pub key: &'static str,
    pub answer: Answer,
    /// Whether it needs a system administrator's API token (`Authorization: Bearer …`).
    pub token: bool,
}

impl Operation {
    /// A route with these query parameters, answering so.
    pub fn new(summary: impl Into<String>, query: &[&'static [ApiParam]], answer: Answer) -> Self {
        Operation {
            summary: summary.into(),
            query: query.to_vec(),
            key: "The item's number.",
            answer,
            token: false,
        }
    }

    /// A route only a system administrator's API token opens.
    pub fn with_token(mut self) -> Self {
        self.token = true;
        self
    }

    /// What the path's parameter names.
    pub fn key(mut self, about: &'static str) -> Self {
        self.key = about;
        self
    }
}

/// The routes of the API, walked by the router and by the document alike.
pub trait ApiRoutes {
    /// A GET (and HEAD) route under `/api/v1`, with what the document says of it.
    fn get<F, Args>(&mut self, path: &str, handler: F, operation: Operation)
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static;
}

/// Registers the API's routes in the router.
pub struct Router<'a>(pub &'a mut web::ServiceConfig);

impl ApiRoutes for Router<'_> {
    fn get<F, Args>(&mut self, path: &str, handler: F, _: Operation)
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.0.route(path, super::read().to(handler));
    }
}

/// The API's routes as the router registers them, with their descriptions: path (under
/// `/api/v1`, as actix writes it) and operation, in order.
#[derive(Default)]
pub struct Listed(pub Vec<(String, Operation)>);

impl ApiRoutes for Listed {
    fn get<F, Args>(&mut self, path: &str, _: F, operation: Operation)
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.0.push((path.to_string(), operation));
    }
}

/// Every route of the API, as registered.
pub fn listed() -> Vec<(String, Operation)> {
    let mut listed = Listed::default();
    super::api_routes(&mut listed);
    listed.0
}

/// The error shape of every failed API request.
const ERROR: &str = "#/components/schemas/Error";

fn field_schema(f: &ApiField) -> Value {
    let (ty, extra) = match f.ty {
        ApiType::Text => ("string", json!({})),
        ApiType::Integer => ("integer", json!({})),
        ApiType::Number => ("number", json!({})),
        ApiType::Boolean => ("boolean", json!({})),
        ApiType::Date => ("string", json!({"format": "date"})),
        ApiType::Moment => ("string", json!({"format": "date-time"})),
        ApiType::Url => ("string", json!({"format": "uri"})),
        ApiType::Texts => ("array", json!({"items": {"type": "string"}})),
        ApiType::Objects => ("array", json!({"items": {"type": "object"}})),
        ApiType::Object => ("object", json!({})),
    };
    let mut schema = json!({
        "type": if f.nullable { json!([ty, "null"]) } else { json!(ty) },
        "description": f.about,
    });
    if let (Some(s), Value::Object(extra)) = (schema.as_object_mut(), extra) {
        s.extend(extra);
    }
    schema
}

/// An object with these fields; any object when none are declared.
fn object_schema(fields: &[ApiField]) -> Value {
    if fields.is_empty() {
        return json!({"type": "object", "additionalProperties": true});
    }
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(f)))
        .collect();
    json!({"type": "object", "properties": properties})
}

fn answer_schema(answer: &Answer) -> Value {
    match answer {
        Answer::List { result, extra } => {
            let mut schema = json!({
                "type": "object",
                "required": ["results", "total", "page", "per_page"],
                "properties": {
                    "results": {"type": "array", "items": object_schema(result)},
                    "total": {"type": "integer", "description": "How many results match in all."},
                    "page": {"type": "integer", "description": "This page's number, from 1."},
                    "per_page": {"type": "integer", "description": "Results on a page (at most 100)."},
                },
            });
            for f in extra {
                schema["properties"][f.name] = field_schema(f);
            }
            schema
        }
        Answer::Item(fields) => object_schema(fields),
        Answer::Document => json!({"type": "object", "description": "An OpenAPI 3.1 document."}),
    }
}

/// `/news/{id}` as actix writes it is also how OpenAPI does; the parameters of the path.
fn path_params(path: &str, about: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            json!({"name": name, "in": "path", "required": true, "description": about,
                   "schema": {"type": "string"}})
        })
        .collect()
}

fn operation(path: &str, op: &Operation) -> Value {
    let mut parameters = path_params(path, op.key);
    parameters.extend(op.query.iter().flat_map(|group| group.iter()).map(|p| {
        json!({"name": p.name, "in": "query", "required": false, "description": p.about,
               "schema": {"type": "string"}})
    }));
    let error = |about: &str| json!({"description": about, "content": {"application/json": {"schema": {"$ref": ERROR}}}});
    let mut described = json!({
        "operationId": operation_id(path),
        "summary": op.summary,
        "parameters": parameters,
        "responses": {
            "200": {"description": "The answer.", "content": {"application/json": {"schema": answer_schema(&op.answer)}}},
            "400": error("A parameter is malformed; nothing was changed."),
            "404": error("No such item, or not public."),
            "410": error("The item was taken down."),
            "503": error("Temporarily unavailable (the database, or the search index being rebuilt)."),
        },
    });
    if op.token {
        described["security"] = json!([{"apiToken": []}]);
        described["responses"]["401"] = error("No valid API token was sent.");
    }
    described
}

/// `/legal/documents/{key}` → `get_legal_documents_key`.
fn operation_id(path: &str) -> String {
    let words: Vec<String> = path
        .split(['/', '{', '}', '.', '-'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    format!("get_{}", words.join("_"))
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for (path, op) in listed() {
        paths.insert(path.clone(), json!({"get": operation(&path, &op)}));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Cổng API",
            "version": "1",
            "description": "The public JSON API of the portal and its sites: every list in the paging envelope \
                (`results`, `total`, `page`, `per_page`; `page` from 1, `per_page` at most 100), every error in one shape. \
                The host chooses the site; `site=<slug>` or `site=all` and `lang=vi|en` narrow or widen it where listed.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
          "securitySchemes": {"apiToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A system administrator's API token (`cong_…`), created at /admin/api-tokens.",
          }},
          "schemas": {"Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "description": "A stable code: `not_found`, `gone`, `bad_request`, `unavailable`, `internal`…"},
                    "message": {"type": "string", "description": "What went wrong, in the request's language."},
                },
            }},
        }}},
    })
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| document().to_string());

/// `GET /api/v1/openapi.json`: this API's OpenAPI 3.1 document.
pub async fn serve() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(DOCUMENT.as_str())
}

/// The document's own route.
pub fn this() -> Operation {
    Operation::new("This API's OpenAPI 3.1 document.", &[], Answer::Document)
}
