/*
 * completion.c - the bash and zsh completion scripts, written from the
 * option table the parser uses (cli_table.c), so they cannot drift from it.
 */
#include "cli_table.h"

#include <string.h>

/* Values named FILE (or OUTPUT) complete as file names. */
static bool file_arg(const cli_option *o)
{
	return o->arg && (strcmp(o->arg, "FILE") == 0 || strcmp(o->arg, "OUTPUT") == 0);
}

static void bash_words(FILE *f, unsigned bit, bool with_arg, bool files)
{
	const char *sep = "";
	for (size_t i = 0; i < cli_noptions; i++) {
		const cli_option *o = &cli_options[i];
		if (!(o->cmds & bit) || (with_arg && (!o->arg || file_arg(o) != files)))
			continue;
		if (o->name) {
			fprintf(f, "%s--%s", sep, o->name);
			sep = with_arg ? "|" : " ";
		}
		if (o->short_name) {
			fprintf(f, "%s-%c", sep, o->short_name);
			sep = with_arg ? "|" : " ";
		}
	}
}

static void write_bash(FILE *f)
{
	fputs("# bash completion for chainscope, generated from its option table\n"
	      "# (chainscope completion bash).\n"
	      "_chainscope()\n"
	      "{\n"
	      "\tlocal cur prev opts\n"
	      "\tcur=${COMP_WORDS[COMP_CWORD]}\n"
	      "\tprev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '",
	      f);
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(f, "%s%s", i ? " " : "", cli_commands[i].name);
	fputs("' -- \"$cur\"))\n"
	      "\t\treturn 0\n"
	      "\tfi\n"
	      "\tcase $prev in\n\t",
	      f);
	bash_words(f, ~0u, true, true);
	fputs(")\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\t\treturn 0 ;;\n\t", f);
	bash_words(f, ~0u, true, false);
	fputs(")\n\t\tCOMPREPLY=()\n\t\treturn 0 ;;\n\tesac\n\tcase ${COMP_WORDS[1]} in\n", f);
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_command *c = &cli_commands[i];
		fprintf(f, "\t%s)\n", c->name);
		if (c->bit == CLI_HELP) {
			fputs("\t\tCOMPREPLY=($(compgen -W '", f);
			for (size_t k = 0; k < cli_ncommands; k++)
				fprintf(f, "%s%s", k ? " " : "", cli_commands[k].name);
			fputs("' -- \"$cur\"))\n\t\treturn 0 ;;\n", f);
			continue;
		}
		if (c->bit == CLI_COMPLETION) {
			fputs("\t\tCOMPREPLY=($(compgen -W 'bash zsh' -- \"$cur\"))\n"
			      "\t\treturn 0 ;;\n",
			      f);
			continue;
		}
		if (c->bit == CLI_CAPTURE)
			fputs("\t\tif [ \"$COMP_CWORD\" -eq 2 ]; then\n"
			      "\t\t\tCOMPREPLY=($(compgen -W 'show resave' -- \"$cur\"))\n"
			      "\t\t\treturn 0\n"
			      "\t\tfi\n",
			      f);
		fputs("\t\topts='", f);
		bash_words(f, c->bit, false, false);
		fputs("' ;;\n", f);
	}
	fputs("\t*)\n\t\treturn 0 ;;\n"
	      "\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "\tfi\n"
	      "\treturn 0\n"
	      "}\n"
	      "complete -F _chainscope chainscope\n",
	      f);
}

/* Text inside a single-quoted zsh word, as an _arguments description:
 * quotes, brackets and colons escaped. */
static void zsh_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (strchr("[]:\\", *s))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static void zsh_spec(FILE *f, const cli_option *o, const char *flag)
{
	fprintf(f, " \\\n\t\t\t'%s[", flag);
	zsh_text(f, o->help);
	fputc(']', f);
	if (o->arg) {
		fputc(':', f);
		zsh_text(f, o->arg);
		fputs(file_arg(o) ? ":_files" : ": ", f);
	}
	fputc('\'', f);
}

/* The first sentence of a command's summary. */
static void zsh_summary(FILE *f, const char *s)
{
	const char *dot = strstr(s, ". ");
	size_t n = dot ? (size_t)(dot - s) : strlen(s);
	char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
	zsh_text(f, buf);
}

static void write_zsh(FILE *f)
{
	fputs("#compdef chainscope\n"
	      "# zsh completion for chainscope, generated from its option table\n"
	      "# (chainscope completion zsh).\n"
	      "_chainscope() {\n"
	      "\tlocal -a commands\n"
	      "\tcommands=(\n",
	      f);
	for (size_t i = 0; i < cli_ncommands; i++) {
		fprintf(f, "\t\t'%s:", cli_commands[i].name);
		zsh_summary(f, cli_commands[i].summary);
		fputs("'\n", f);
	}
	fputs("\t)\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\t_describe -t commands 'chainscope command' commands\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal cmd=$words[2]\n"
	      "\tshift words\n"
	      "\t(( CURRENT-- ))\n"
	      "\tcase $cmd in\n",
	      f);
	for (size_t i = 0; i < cli_ncommands; i++) {
		const cli_command *c = &cli_commands[i];
		fprintf(f, "\t%s)\n", c->name);
		if (c->bit == CLI_HELP) {
			fputs("\t\t_describe -t commands 'chainscope command' commands ;;\n", f);
			continue;
		}
		if (c->bit == CLI_COMPLETION) {
			fputs("\t\t_values 'shell' bash zsh ;;\n", f);
			continue;
		}
		fputs("\t\t_arguments -s", f);
		for (size_t k = 0; k < cli_noptions; k++) {
			const cli_option *o = &cli_options[k];
			if (!(o->cmds & c->bit))
				continue;
			char flag[64];
			if (o->name) {
				snprintf(flag, sizeof(flag), "--%s", o->name);
				zsh_spec(f, o, flag);
			}
			if (o->short_name) {
				snprintf(flag, sizeof(flag), "-%c", o->short_name);
				zsh_spec(f, o, flag);
			}
		}
		fputs(" \\\n\t\t\t'*:argument:_files' ;;\n", f);
	}
	fputs("\tesac\n"
	      "}\n"
	      "_chainscope \"$@\"\n",
	      f);
}

bool cli_write_completion(const char *shell, FILE *f)
{
	if (strcmp(shell, "bash") == 0)
		write_bash(f);
	else if (strcmp(shell, "zsh") == 0)
		write_zsh(f);
	else
		return false;
	return true;
}
