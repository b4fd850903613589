// Answers of the agent API, shaped as Octavia's agent shapes them (webob JSON bodies, werkzeug-style errors).

export interface AgentReply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): AgentReply {
  return { status, body: JSON.stringify(body), contentType: 'application/json', ...(headers ? { headers } : {}) };
}

export function text(status: number, body: string, headers?: Record<string, string>): AgentReply {
  return { status, body, contentType: 'text/plain; charset=UTF-8', ...(headers ? { headers } : {}) };
}

/** Handler errors: {"message", "details"?}. */
export function message(status: number, msg: string, details?: string): AgentReply {
  return json(status, details === undefined ? { message: msg } : { message: msg, details });
}

const REASONS: Record<number, [string, string]> = {
  400: ['Bad Request', 'The browser (or proxy) sent a request that this server could not understand.'],
  404: [
    'Not Found',
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  ],
  405: ['Method Not Allowed', 'The method is not allowed for the requested URL.'],
  413: ['Request Entity Too Large', 'The data value transmitted exceeds the capacity limit.'],
  500: [
    'Internal Server Error',
    'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is ' +
      'an error in the application.',
  ],
};

/** Framework errors (unknown route, wrong method, aborts): {"error": "<code> <reason>: <description>", "http_code"}. */
export function frameworkError(status: number, description?: string): AgentReply {
  const [reason, fallback] = REASONS[status] ?? ['Error', ''];
  return json(status, { error: `${status} ${reason}: ${description ?? fallback}`, http_code: status });
}
