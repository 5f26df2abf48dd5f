/*
 * commands.h - the chainscope subcommands; each takes the arguments after
 * its own name and returns the process exit code.
 */
#ifndef CS_COMMANDS_H
#define CS_COMMANDS_H

/* Exit codes (documented in the man page and README). */
enum {
	CS_EXIT_OK = 0,
	CS_EXIT_WARN = 1,
	CS_EXIT_BOGUS = 2,
	CS_EXIT_INCOMPLETE = 3,
	CS_EXIT_USAGE = 64,
	CS_EXIT_DATAERR = 65,
	CS_EXIT_NOINPUT = 66,
	CS_EXIT_SOFTWARE = 70,
};

/* chainscope decode FILE...: print DNS messages stored as raw wire files. */
int cmd_decode(int argc, char **argv);

/* chainscope probe NAME [TYPE] -o FILE: probe the chain, write a capture. */
int cmd_probe(int argc, char **argv);

/* chainscope capture show|resave: look at or re-save a capture file. */
int cmd_capture(int argc, char **argv);

/* chainscope check NAME [TYPE] | --capture FILE: validate and report. */
int cmd_check(int argc, char **argv);

/* chainscope batch [FILE]: check many names, one JSON line each. */
int cmd_batch(int argc, char **argv);

/* chainscope exporter: a Prometheus exporter (/probe?target=NAME). */
int cmd_exporter(int argc, char **argv);

/* chainscope tui NAME [TYPE] | --capture FILE: the terminal inspector. */
int cmd_tui(int argc, char **argv);

#endif
