/*
 * capture_input.h - `--capture FILE [NAME [TYPE]]` for check and tui, and
 * `capture import`: any file chainscope reads (its own capture, a DNSViz
 * probe, a pcap; plain or gzip), with NAME and TYPE selecting in it.
 */
#ifndef CS_CMD_CAPTURE_INPUT_H
#define CS_CMD_CAPTURE_INPUT_H

#include "capture/capture.h"
#include "capture/open.h"
#include "cli.h"

/* Load path with the NAME/TYPE of o (either may be absent). A capture with
 * no trust anchors (an import) gets those of --anchor, else the built-in
 * root anchors. Returns CS_EXIT_OK with *out set (caller frees), or prints
 * "chainscope: FILE: why" and returns CS_EXIT_USAGE (bad NAME/TYPE),
 * CS_EXIT_NOINPUT (unreadable) or CS_EXIT_DATAERR (damaged, or NAME not in
 * it). */
int cmd_load_capture(const cli_opts *o, const char *path, cs_capture **out, cs_capfmt *fmt);

#endif
