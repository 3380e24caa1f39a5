//! The request a client sends: scheme, Host, port, method, path with query, headers, and for HTTPS the TLS SNI.

use serde::Serialize;

use crate::error::Error;

/// `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

impl Scheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    /// 80 or 443.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// One HTTP request as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// The scheme (which decides the listener protocol and the HTTPS redirects).
    pub scheme: Scheme,
    /// The `Host` header without its port, lower-cased.
    pub host: String,
    /// The port the client connects to.
    pub port: u16,
    /// The method, upper-case.
    pub method: String,
    /// The request target: path and, after `?`, the query.
    pub path: String,
    /// The headers as sent (names as written), in order; `Host` is not among them.
    pub headers: Vec<(String, String)>,
    /// For HTTPS: the server name the client sent in the TLS handshake (SNI), lower-cased, when it differs
    /// from what it defaults to, the host (a client reusing a connection for another host: connection
    /// coalescing). See [`Request::sni`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sni: Option<String>,
}

impl Request {
    /// A GET request for `url` (`http(s)://host[:port][/path][?query]`).
    pub fn get(url: &str) -> Result<Request, Error> {
        Request::new(url, "GET", &[])
    }

    /// A request for `url` with `method` and `headers` (`Name: value` each). A `Host` header replaces the
    /// host of the URL, as with curl.
    pub fn new(url: &str, method: &str, headers: &[String]) -> Result<Request, Error> {
        let bad = |reason: &str| Error::InvalidUrl {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let (scheme, rest) = if let Some(rest) = strip_prefix_ci(url, "http://") {
            (Scheme::Http, rest)
        } else if let Some(rest) = strip_prefix_ci(url, "https://") {
            (Scheme::Https, rest)
        } else {
            return Err(bad("the scheme must be http:// or https://"));
        };
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(split);
        if authority.is_empty() {
            return Err(bad("no host"));
        }
        let (mut host, mut port) = split_host_port(authority).ok_or_else(|| bad("invalid port"))?;
        let port = port.get_or_insert(scheme.default_port());
        let mut path = if target.starts_with('?') {
            format!("/{target}")
        } else if target.is_empty() {
            "/".to_string()
        } else {
            target.to_string()
        };
        if let Some(hash) = path.find('#') {
            path.truncate(hash);
        }
        let mut parsed = Vec::with_capacity(headers.len());
        for h in headers {
            let (name, value) = h.split_once(':').ok_or_else(|| Error::InvalidHeader(h.clone()))?;
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(Error::InvalidHeader(h.clone()));
            }
            let value = value.trim();
            if name.eq_ignore_ascii_case("host") {
                let (h2, _) = split_host_port(value).ok_or_else(|| Error::InvalidHeader(h.clone()))?;
                host = h2;
            } else {
                parsed.push((name.to_string(), value.to_string()));
            }
        }
        Ok(Request {
            scheme,
            host: host.to_ascii_lowercase(),
            port: *port,
            method: method.to_ascii_uppercase(),
            path,
            headers: parsed,
            sni: None,
        })
    }

    /// The same request over a TLS connection opened for server name `sni` (`None`: the host, the default).
    pub fn with_sni(mut self, sni: Option<&str>) -> Request {
        self.sni = sni
            .map(|s| s.trim_end_matches('.').to_ascii_lowercase())
            .filter(|s| *s != self.host);
        self
    }

    /// The TLS server name (SNI) of an HTTPS request: the one set by [`Request::with_sni`], else the host.
    pub fn sni(&self) -> &str {
        self.sni.as_deref().unwrap_or(&self.host)
    }

    /// The path without the query.
    pub fn path_only(&self) -> &str {
        self.path.split_once('?').map_or(&self.path, |(p, _)| p)
    }

    /// The query without `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.path.split_once('?').map(|(_, q)| q)
    }

    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter (name compared exactly), not percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query()?.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then_some(v)
        })
    }

    /// The value of a cookie from the `Cookie` headers.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, v)| v.split(';'))
            .find_map(|c| {
                let (k, v) = c.trim().split_once('=')?;
                (k == name).then_some(v)
            })
    }

    /// `host` or `host:port` when the port is not the scheme's default, as a `Host` header carries it.
    pub fn authority(&self) -> String {
        if self.port == self.scheme.default_port() {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)).then(|| &s[prefix.len()..])
}

/// `host[:port]`, with `[v6]` literals.
fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        (format!("[{h}]"), after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    Some((host.trim_end_matches('.').to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_url_headers_and_query() {
        let r = Request::new(
            "HTTP://Example.COM:8080/a/b?x=1&y=2",
            "post",
            &["X-A: 1".into(), "Cookie: a=b; c=d".into()],
        )
        .unwrap();
        assert_eq!(r.scheme, Scheme::Http);
        assert_eq!(r.host, "example.com");
        assert_eq!(r.port, 8080);
        assert_eq!(r.method, "POST");
        assert_eq!(r.path_only(), "/a/b");
        assert_eq!(r.query_param("y"), Some("2"));
        assert_eq!(r.header("x-a"), Some("1"));
        assert_eq!(r.cookie("c"), Some("d"));
        assert_eq!(r.authority(), "example.com:8080");
        let r = Request::new("https://h?q", "GET", &["Host: other:1".into()]).unwrap();
        assert_eq!((r.host.as_str(), r.port, r.path.as_str()), ("other", 443, "/?q"));
        assert!(Request::get("ftp://x").is_err());
        let r = Request::get("https://a.example.com/").unwrap();
        assert_eq!(r.sni(), "a.example.com");
        let r = r.with_sni(Some("B.example.com."));
        assert_eq!(
            (r.sni(), r.sni.as_deref()),
            ("b.example.com", Some("b.example.com"))
        );
        assert_eq!(r.with_sni(Some("a.example.com")).sni, None);
        assert!(Request::new("http://x", "GET", &["nocolon".into()]).is_err());
    }
}
