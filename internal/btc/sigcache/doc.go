// Package sigcache is the salted, bounded cache of verified signatures the
// script engine consults (txscript.SigCache): a transaction verified when it
// entered the mempool is not verified again when its block is connected, as
// in Bitcoin Core's CSignatureCache.
//
// It lives above tier 1 because it draws a random salt and is shared mutable
// state; txscript only defines the interface it consumes.
//
// A *Cache is safe for concurrent use.
package sigcache
