/*
 * cli_table.h - the commands and options of chainscope, once: the parser
 * (cli.c) builds getopt's table from it, `--help` prints it, and the bash
 * and zsh completions are generated from it (`chainscope completion`).
 */
#ifndef CS_CLI_TABLE_H
#define CS_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Commands, as bits of cli_option.cmds. */
enum {
	CLI_CHECK = 1u << 0,
	CLI_TUI = 1u << 1,
	CLI_BATCH = 1u << 2,
	CLI_PROBE = 1u << 3,
	CLI_CAPTURE = 1u << 4,
	CLI_DECODE = 1u << 5,
	CLI_VERSION = 1u << 6,
	CLI_HELP = 1u << 7,
	CLI_COMPLETION = 1u << 8,
	CLI_EXPORTER = 1u << 9,
};

/* Option ids (getopt's val) of options without a one-letter form. */
enum {
	OPT_HINTS = 256,
	OPT_ANCHOR,
	OPT_PORT,
	OPT_CAPTURE,
	OPT_AT,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_RESOLVER,
	OPT_NS,
	OPT_DS,
	OPT_MAXQ,
	OPT_JSON,
	OPT_DOT,
	OPT_SVG,
	OPT_PNG,
	OPT_HTML,
	OPT_ALLSIGS,
	OPT_MAXTIME,
	OPT_MAXREF,
	OPT_MAXCNAME,
	OPT_MAXADDR,
	OPT_MAXVERIF,
	OPT_MAXNSEC3,
	OPT_RESUME,
	OPT_NOCACHE,
	OPT_MAXINFLIGHT,
	OPT_NAGIOS,
	OPT_WARNING,
	OPT_CRITICAL,
	OPT_EXPECT,
	OPT_METRICS,
	OPT_CAPTURES,
	OPT_LISTEN, /* the exporter's own (cmd_exporter.c takes them out first) */
	OPT_ALLOW,
	OPT_MAXPROBES,
	OPT_PROBETIMEOUT,
};

typedef struct {
	const char *name;  /* "check" */
	unsigned bit;	   /* CLI_CHECK */
	const char *usage; /* argument synopsis after the name; lines split by \n */
	const char *summary;
	const char *example; /* a command line, without "chainscope " */
} cli_command;

typedef struct {
	const char *name; /* long name without "--"; NULL: only the short form */
	char short_name;  /* 0: none */
	const char *arg;  /* the value's placeholder, NULL for a flag; "FILE"
			     values complete as file names */
	int id;		  /* getopt's val: short_name, or an OPT_ id */
	unsigned cmds;	  /* the commands that take it */
	const char *help;
} cli_option;

extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
extern const cli_option cli_options[];
extern const size_t cli_noptions;

/* The command called name, or NULL. */
const cli_command *cli_command_find(const char *name);

/* Print a command's help (usage, summary, options, example) to f. */
void cli_print_help(const cli_command *c, FILE *f);

/* Does argv (after the command name; argc entries) ask for help (--help or
 * -h as an option, not as an option's value, before "--")? */
bool cli_wants_help(const cli_command *c, int argc, char **argv);

/* Write the bash ("bash") or zsh ("zsh") completion script to f. Returns
 * false for another shell name. */
bool cli_write_completion(const char *shell, FILE *f);

#endif
