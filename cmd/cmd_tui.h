/*
 * cmd_tui.h - the terminal inspector as a command: `chainscope tui` and
 * `chainscope check -i` both end here.
 */
#ifndef CS_CMD_TUI_H
#define CS_CMD_TUI_H

#include "cli.h"

/* Run the inspector for parsed options o (NAME [TYPE] to probe, or
 * --capture FILE). Returns the process exit code: 0 after 'q', 128 + the
 * signal after SIGINT/SIGTERM, or a CS_EXIT_* code (message printed) when
 * the input or the terminal cannot be used. */
int cmd_tui_opts(const cli_opts *o);

#endif
