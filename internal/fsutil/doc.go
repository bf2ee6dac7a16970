// Package fsutil holds the file-system steps every store of the node repeats,
// done once and correctly: WriteFileAtomic replaces a file so that a crash at
// any moment leaves either the old content or the new one, never a torn mix
// (write a temporary file in the same directory, fsync it, rename it over the
// target, fsync the directory).
//
// mempool.dat, fee_estimates.dat, peers.dat, banlist.json, the RPC cookie and
// keystore files are written through it.
package fsutil
