package jsonrpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// RequestInfo describes the transport side of a call; handlers read it with
// [InfoFromContext] (for instance to serve Core's /wallet/<name> endpoints).
type RequestInfo struct {
	RemoteAddr string // client address as host:port
	User       string // authenticated user name ("__cookie__" for the cookie)
	Path       string // HTTP request path, e.g. "/" or "/wallet/w1"
	WebSocket  bool   // the call arrived over the WebSocket transport
}

type ctxKey int

const (
	infoKey ctxKey = iota
	notifierKey
)

// InfoFromContext returns the RequestInfo of the call ctx belongs to.
func InfoFromContext(ctx context.Context) (RequestInfo, bool) {
	ri, ok := ctx.Value(infoKey).(RequestInfo)
	return ri, ok
}

// request is one decoded request object. Absent members are nil; null
// members are the bytes "null".
type request struct {
	JSONRPC json.RawMessage `json:"jsonrpc"`
	Method  json.RawMessage `json:"method"`
	Params  json.RawMessage `json:"params"`
	ID      json.RawMessage `json:"id"`
}

// reply is the outcome of one request.
type reply struct {
	v2     bool
	notify bool // 2.0 notification: no reply at all
	id     json.RawMessage
	result json.RawMessage
	err    *Error
}

var (
	errParse         = &Error{Code: CodeParseError, Message: "Parse error"}
	errTopLevel      = &Error{Code: CodeParseError, Message: "Top-level object parse error"}
	errInvalidObject = &Error{Code: CodeInvalidRequest, Message: "Invalid Request object"}
	errEmptyBatch    = &Error{Code: CodeInvalidRequest, Message: "Invalid Request: empty batch"}
	errBatchTooLarge = &Error{Code: CodeInvalidRequest, Message: "batch too large"}
	errVersion       = &Error{Code: CodeInvalidRequest, Message: "JSON-RPC version not supported"}
	errMissingMethod = &Error{Code: CodeInvalidRequest, Message: "Missing method"}
	errMethodString  = &Error{Code: CodeInvalidRequest, Message: "Method must be a string"}
	errParamsType    = &Error{Code: CodeInvalidRequest, Message: "Params must be an array or object"}
	errNotFound      = &Error{Code: CodeMethodNotFound, Message: "Method not found"}
)

// firstByte returns the first non-space byte of b, or 0.
func firstByte(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

// handleBody dispatches a request body (single or batch) and returns the
// encoded reply (nil when nothing is to be sent) and the HTTP status Core
// would use.
func (s *Server) handleBody(ctx context.Context, body []byte) ([]byte, int) {
	switch firstByte(body) {
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(body, &elems); err != nil {
			return s.topError(errParse, http.StatusInternalServerError)
		}
		if len(elems) == 0 {
			return s.topError(errEmptyBatch, http.StatusBadRequest)
		}
		if s.cfg.MaxBatch > 0 && len(elems) > s.cfg.MaxBatch {
			return batchTooLarge(elems), http.StatusOK
		}
		replies := make([]reply, len(elems))
		calls := make([]parsedCall, len(elems))
		for i, e := range elems {
			if firstByte(e) != '{' {
				replies[i].err = errInvalidObject
				continue
			}
			s.parseOne(e, &replies[i], &calls[i])
		}
		for i := 0; i < len(elems); {
			m := calls[i].m
			if m == nil {
				i++
				continue
			}
			j := i + 1
			if m.group != nil {
				for j < len(elems) && calls[j].m == m {
					j++
				}
			}
			if j-i == 1 {
				s.execute(ctx, &calls[i], &replies[i])
			} else {
				s.executeGroup(ctx, calls[i:j], replies[i:j])
			}
			i = j
		}
		out := make([]byte, 0, 64*len(elems))
		out = append(out, '[')
		n := 0
		for i := range replies {
			rp := &replies[i]
			if rp.notify {
				continue
			}
			if s.cfg.GethErrors {
				gethReply(rp)
			}
			if n > 0 {
				out = append(out, ',')
			}
			out = appendReply(out, rp)
			n++
		}
		if n == 0 {
			return nil, http.StatusNoContent
		}
		return append(out, ']'), http.StatusOK
	case '{':
		var rp reply
		s.handleOne(ctx, body, &rp)
		if rp.notify {
			return nil, http.StatusNoContent
		}
		if s.cfg.GethErrors {
			gethReply(&rp)
		}
		return appendReply(nil, &rp), legacyStatus(&rp)
	default:
		if !json.Valid(body) {
			return s.topError(errParse, http.StatusInternalServerError)
		}
		return s.topError(errTopLevel, http.StatusInternalServerError)
	}
}

// topError returns the reply to a body that holds no request: Core's
// (1.0 shape, the given HTTP status) or, with GethErrors, geth's (2.0
// shape, HTTP 200).
func (s *Server) topError(e *Error, status int) ([]byte, int) {
	if !s.cfg.GethErrors {
		return appendReply(nil, &reply{err: e}), status
	}
	rp := reply{err: e}
	gethReply(&rp)
	return appendReply(nil, &rp), http.StatusOK
}

// Protocol errors as geth words them (ServerConfig.GethErrors).
var (
	errGethParse      = &Error{Code: CodeParseError, Message: "parse error"}
	errGethEmptyBatch = &Error{Code: CodeInvalidRequest, Message: "empty batch"}
	errGethInvalid    = &Error{Code: CodeInvalidRequest, Message: "invalid request"}
	errGethNonArray   = &Error{Code: CodeInvalidParams, Message: "non-array args"}
)

// gethReply turns rp into geth's shape: always JSON-RPC 2.0 (so HTTP 200),
// with geth's texts for the protocol errors.
func gethReply(rp *reply) {
	rp.v2 = true
	switch rp.err {
	case errParse, errTopLevel:
		rp.err = errGethParse
	case errEmptyBatch:
		rp.err = errGethEmptyBatch
	case errInvalidObject, errMissingMethod, errMethodString, errVersion:
		rp.err = errGethInvalid
	case errParamsType:
		rp.err = errGethNonArray
	}
}

// batchTooLarge returns the reply to a batch above ServerConfig.MaxBatch:
// a one-element array holding geth's "batch too large" error with the id
// of the first member that has one (null if none does).
func batchTooLarge(elems []json.RawMessage) []byte {
	rp := reply{v2: true, err: errBatchTooLarge}
	for _, e := range elems {
		var m struct {
			ID json.RawMessage `json:"id"`
		}
		if firstByte(e) == '{' && json.Unmarshal(e, &m) == nil && m.ID != nil {
			rp.id = m.ID
			break
		}
	}
	out := append(make([]byte, 0, 96), '[')
	out = appendReply(out, &rp)
	return append(out, ']')
}

// legacyStatus is Core's HTTP status for a single reply: 200 for 2.0 and
// successes; for 1.0 errors 400 (invalid request), 404 (method not found) or
// 500.
func legacyStatus(rp *reply) int {
	if rp.err == nil || rp.v2 {
		return http.StatusOK
	}
	switch rp.err.Code {
	case CodeInvalidRequest:
		return http.StatusBadRequest
	case CodeMethodNotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// parsedCall is a request object decoded and resolved to its method, ready
// to run; m is nil when the request failed to decode (the reply holds the
// error).
type parsedCall struct {
	name   string
	m      *method
	params Params
}

// handleOne decodes and executes one request object into rp.
func (s *Server) handleOne(ctx context.Context, raw []byte, rp *reply) {
	var c parsedCall
	s.parseOne(raw, rp, &c)
	if c.m != nil {
		s.execute(ctx, &c, rp)
	}
}

// parseOne decodes one request object into c, or its error into rp.
func (s *Server) parseOne(raw []byte, rp *reply, c *parsedCall) {
	var req request
	if err := json.Unmarshal(raw, &req); err != nil {
		if firstByte(raw) == '{' && json.Valid(raw) {
			rp.err = errInvalidObject
		} else {
			rp.err = errParse
		}
		return
	}
	rp.id = req.ID
	switch {
	case req.JSONRPC == nil, bytes.Equal(req.JSONRPC, []byte(`"1.0"`)):
	case bytes.Equal(req.JSONRPC, []byte(`"2.0"`)):
		rp.v2 = true
		rp.notify = req.ID == nil
	default:
		rp.err = errVersion
		return
	}
	if req.Method == nil {
		rp.err = errMissingMethod
		return
	}
	var name string
	if firstByte(req.Method) != '"' || json.Unmarshal(req.Method, &name) != nil {
		rp.err = errMethodString
		return
	}
	var params Params
	switch firstByte(req.Params) {
	case 0, 'n':
	case '[':
		if err := json.Unmarshal(req.Params, &params.Positional); err != nil {
			rp.err = errParamsType
			return
		}
	case '{':
		named, e := decodeNamed(req.Params)
		if e != nil {
			rp.err = e
			return
		}
		params.Named = named
	default:
		rp.err = errParamsType
		return
	}
	m := s.lookup(name)
	if m == nil {
		rp.err = errNotFound
		if s.cfg.GethErrors {
			rp.err = &Error{Code: CodeMethodNotFound, Message: "the method " + name + " does not exist/is not available"}
		}
		return
	}
	if params.Named != nil && m.argNames != nil {
		pos, e := mapNamed(params.Named, m.argNames)
		if e != nil {
			rp.err = e
			return
		}
		params.Positional, params.Named = pos, nil
	}
	c.name, c.m, c.params = name, m, params
}

// execute runs one parsed call into rp.
func (s *Server) execute(ctx context.Context, c *parsedCall, rp *reply) {
	if s.cfg.Observe == nil {
		rp.result, rp.err = s.call(ctx, c.m, &c.params)
		return
	}
	start := time.Now()
	rp.result, rp.err = s.call(ctx, c.m, &c.params)
	code := 0
	if rp.err != nil {
		code = rp.err.Code
	}
	s.cfg.Observe(c.name, code, time.Since(start))
}

// executeGroup runs a run of parsed calls of one method with a group
// handler into rps (one each). Observe sees each call with an equal share
// of the run's time.
func (s *Server) executeGroup(ctx context.Context, cs []parsedCall, rps []reply) {
	start := time.Now()
	s.callGroup(ctx, cs, rps)
	if s.cfg.Observe == nil {
		return
	}
	share := time.Since(start) / time.Duration(len(cs))
	for i := range cs {
		code := 0
		if rps[i].err != nil {
			code = rps[i].err.Code
		}
		s.cfg.Observe(cs[i].name, code, share)
	}
}

// callGroup is call for a run of calls of one method with a group handler.
func (s *Server) callGroup(ctx context.Context, cs []parsedCall, rps []reply) {
	ps := make([]*Params, len(cs))
	for i := range cs {
		ps[i] = &cs[i].params
	}
	panicked := s.guarded(ctx, func(ctx context.Context) {
		vs, errs := cs[0].m.group(ctx, ps)
		if len(vs) != len(cs) || len(errs) != len(cs) {
			panic("jsonrpc: group handler answered the wrong number of calls")
		}
		for i := range cs {
			rps[i].result, rps[i].err = encodeResult(vs[i], errs[i])
		}
	})
	if panicked {
		for i := range rps {
			rps[i].result, rps[i].err = nil, errInternal
		}
	}
}

// call runs a handler with the per-request timeout, turning panics and
// foreign errors into JSON-RPC errors.
func (s *Server) call(ctx context.Context, m *method, p *Params) (json.RawMessage, *Error) {
	var res json.RawMessage
	var rerr *Error
	if s.guarded(ctx, func(ctx context.Context) { res, rerr = encodeResult(m.handler(ctx, p)) }) {
		return nil, errInternal
	}
	return res, rerr
}

// errInternal answers a call whose handler panicked.
var errInternal = &Error{Code: CodeInternalError, Message: "Internal error"}

// guarded runs fn with the per-request timeout and reports whether it
// panicked (the panic is logged, not propagated).
func (s *Server) guarded(ctx context.Context, fn func(ctx context.Context)) (panicked bool) {
	if s.cfg.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.RequestTimeout)
		defer cancel()
	}
	defer func() {
		if r := recover(); r != nil {
			s.log("jsonrpc: handler panic", "panic", r)
			panicked = true
		}
	}()
	fn(ctx)
	return false
}

// encodeResult turns a handler's answer into a reply's result or error.
func encodeResult(v any, err error) (json.RawMessage, *Error) {
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, &Error{Code: CodeMiscError, Message: "Request timed out"}
		}
		return nil, &Error{Code: CodeMiscError, Message: err.Error()}
	}
	switch v := v.(type) {
	case json.RawMessage:
		if v == nil {
			return nullJSON, nil
		}
		return v, nil
	case nil:
		return nullJSON, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &Error{Code: CodeInternalError, Message: "Internal error: " + err.Error()}
	}
	return b, nil
}

// appendReply encodes rp in the 1.0 or 2.0 shape.
func appendReply(out []byte, rp *reply) []byte {
	id := rp.id
	if id == nil {
		id = nullJSON
	}
	if out == nil {
		out = make([]byte, 0, len(rp.result)+len(id)+64)
	}
	if rp.v2 {
		out = append(out, `{"jsonrpc":"2.0",`...)
		if rp.err != nil {
			out = append(out, `"error":`...)
			out = appendError(out, rp.err)
		} else {
			out = append(out, `"result":`...)
			out = append(out, rp.result...)
		}
	} else {
		out = append(out, `{"result":`...)
		if rp.err != nil {
			out = append(out, `null,"error":`...)
			out = appendError(out, rp.err)
		} else {
			out = append(out, rp.result...)
			out = append(out, `,"error":null`...)
		}
	}
	out = append(out, `,"id":`...)
	out = append(out, id...)
	return append(out, '}')
}

func appendError(out []byte, e *Error) []byte {
	out = append(out, `{"code":`...)
	out = strconv.AppendInt(out, int64(e.Code), 10)
	out = append(out, `,"message":`...)
	msg, _ := json.Marshal(e.Message)
	out = append(out, msg...)
	if e.Data != nil {
		if data, err := json.Marshal(e.Data); err == nil {
			out = append(out, `,"data":`...)
			out = append(out, data...)
		}
	}
	return append(out, '}')
}

// decodeNamed decodes object params, rejecting a name given twice as Core
// does (-8 "Parameter x specified multiple times").
func decodeNamed(raw json.RawMessage) (map[string]json.RawMessage, *Error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // '{'
		return nil, errParamsType
	}
	out := make(map[string]json.RawMessage)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errParamsType
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errParamsType
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errParamsType
		}
		if _, dup := out[key]; dup {
			return nil, NewError(CodeInvalidParameter, "Parameter %s specified multiple times", key)
		}
		out[key] = v
	}
	return out, nil
}
