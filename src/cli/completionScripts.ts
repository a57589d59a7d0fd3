// The completion scripts of `bant completion bash|zsh|fish`, written from the completion tree
// (src/cli/completionTree.ts). Each walks the words typed so far the same way: a subcommand extends the
// command's path, an option that takes a value swallows the next word, anything else is a positional
// argument; then it offers the subcommands, the options, an option's values or the argument's.
// bash and zsh share the data functions (plain `case` and `echo`); fish has its own `complete` lines.

import type { Shell } from './commands/completionCommand.js';
import type { CompletionCommand, ValueSpec } from './completionTree.js';

export function completionScript(shell: Shell, commands: readonly CompletionCommand[]): string {
  if (shell === 'fish') return fishScript(commands);
  return shell === 'bash' ? bashScript(commands) : zshScript(commands);
}

/** A word for a POSIX shell, in single quotes. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const key = (command: CompletionCommand) => command.path.join(' ');
/** One line of description: completion menus show one line. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** `@files` asks the shell's own file completion, besides the words. */
const FILES = '@files';

function valueWords(spec: ValueSpec): string {
  return [...spec.words, ...(spec.files ? [FILES] : [])].join(' ');
}

/** `case` branches `pattern) body ;;`, one a line. */
function caseLines(branches: readonly [string, string][], indent = '    '): string {
  return branches.map(([pattern, body]) => `${indent}${pattern}) ${body} ;;`).join('\n');
}

/** The data functions bash and zsh both read. */
function sharedData(commands: readonly CompletionCommand[]): string {
  const subcommands = commands.filter((command) => command.subcommands.length).map((command): [string, string] => [quote(key(command)), `echo ${quote(command.subcommands.map((sub) => sub.name).join(' '))}`]);
  const options = commands.map((command): [string, string] => [quote(key(command)), `echo ${quote(command.options.flatMap((option) => option.flags).join(' '))}`]);
  // Global options take their value under every command: matched by the option alone, after the command's own.
  const root = commands[0]!;
  const globalNames = new Set(root.options.flatMap((option) => option.flags));
  const valued: string[] = [];
  const values: [string, string][] = [];
  for (const command of commands) {
    for (const option of command.options) {
      if (!option.value || (command.path.length > 0 && option.flags.some((flag) => globalNames.has(flag)))) continue;
      const patterns = option.flags.map((flag) => quote(`${key(command)}|${flag}`)).join('|');
      valued.push(patterns);
      values.push([patterns, `echo ${quote(valueWords(option.value))}`]);
    }
    command.args.forEach((spec, index) => {
      const variadic = command.variadic && index === command.args.length - 1;
      const pattern = variadic ? `${quote(`${key(command)}|#`)}*` : quote(`${key(command)}|#${index}`);
      if (spec.byPrevious) {
        const inner = Object.entries(spec.byPrevious).map(([previous, sub]): [string, string] => [quote(previous), `echo ${quote(valueWords(sub))}`]);
        values.push([pattern, `case "$3" in\n${caseLines(inner, '        ')}\n      esac`]);
      } else if (spec.words.length || spec.files) values.push([pattern, `echo ${quote(valueWords(spec))}`]);
    });
  }
  const globalValued = root.options.filter((option) => option.value);
  return `_bant_subcommands() {
  case "$1" in
${caseLines(subcommands)}
  esac
}

_bant_options() {
  case "$1" in
${caseLines(options)}
  esac
}

# Whether option $2 of command "$1" takes a value (the next word).
_bant_takes_value() {
  case "$1|$2" in
${caseLines([...valued.map((pattern): [string, string] => [pattern, 'return 0']), ...globalValued.map((option): [string, string] => [option.flags.map((flag) => `*'|${flag}'`).join('|'), 'return 0'])])}
  esac
  return 1
}

# The words that may follow option $2 of command "$1", or stand at position $2 = #N after argument "$3";
# @files asks for file names too.
_bant_values() {
  case "$1|$2" in
${caseLines(values)}
${caseLines(globalValued.map((option): [string, string] => [option.flags.map((flag) => `*'|${flag}'`).join('|'), `echo ${quote(valueWords(option.value!))}`]))}
  esac
}

_bant_is_subcommand() {
  [[ " $(_bant_subcommands "$1") " == *" $2 "* ]]
}
`;
}

function bashScript(commands: readonly CompletionCommand[]): string {
  return `# bant completion for bash, written by \`bant completion bash\` from bant's own commands.
# Now: source <(bant completion bash)    For good: bant completion bash > ~/.local/share/bash-completion/completions/bant

${sharedData(commands)}
_bant_reply() {
  local words="$1" cur="$2"
  local files=""
  if [[ " $words " == *" ${FILES} "* ]]; then files=1; words="\${words//${FILES}/}"; fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  if [[ -n $files ]]; then
    COMPREPLY+=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
  fi
}

_bant() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word expect="" lastopt="" last="" count=0 i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    # bash splits --option=value at the '='
    [[ $word == "=" ]] && continue
    if [[ -n $expect ]]; then expect=""; continue; fi
    if [[ $word == -* ]]; then
      if _bant_takes_value "$cmdpath" "$word"; then expect=1; lastopt="$word"; fi
    elif (( count == 0 )) && _bant_is_subcommand "$cmdpath" "$word"; then
      cmdpath="\${cmdpath:+$cmdpath }$word"
    else
      last="$word"; count=$((count + 1))
    fi
  done
  if [[ -n $expect ]]; then
    [[ $cur == "=" ]] && cur=""
    _bant_reply "$(_bant_values "$cmdpath" "$lastopt")" "$cur"
  elif [[ $cur == --*=* ]]; then
    # a COMP_WORDBREAKS without '=' leaves --option=value whole
    lastopt="\${cur%%=*}"
    _bant_reply "$(_bant_values "$cmdpath" "$lastopt")" "\${cur#*=}"
    COMPREPLY=("\${COMPREPLY[@]/#/$lastopt=}")
  elif [[ $cur == -* ]]; then
    _bant_reply "$(_bant_options "$cmdpath")" "$cur"
  elif (( count == 0 )) && [[ -n "$(_bant_subcommands "$cmdpath")" ]]; then
    _bant_reply "$(_bant_subcommands "$cmdpath")" "$cur"
  else
    _bant_reply "$(_bant_values "$cmdpath" "#$count" "$last")" "$cur"
  fi
}

complete -F _bant bant
`;
}

function zshScript(commands: readonly CompletionCommand[]): string {
  const describe = (pairs: [string, string][]) => pairs.map(([name, description]) => quote(`${name.replace(/:/g, '\\:')}:${oneLine(description)}`)).join(' \\\n        ');
  const subcommandLines = commands
    .filter((command) => command.subcommands.length)
    .map((command): [string, string] => [quote(key(command)), `reply=(${describe(command.subcommands.map((sub) => [sub.name, sub.description]))})`]);
  const optionLines = commands.map((command): [string, string] => [quote(key(command)), `reply=(${describe(command.options.flatMap((option) => option.flags.map((flag): [string, string] => [flag, option.description])))})`]);
  return `#compdef bant
# bant completion for zsh, written by \`bant completion zsh\` from bant's own commands.
# Now (after compinit): source <(bant completion zsh)    For good: bant completion zsh > "\${fpath[1]}/_bant"

${sharedData(commands)}
# "name:description" pairs for the completion menu.
_bant_described_subcommands() {
  case "$1" in
${caseLines(subcommandLines)}
  esac
}

_bant_described_options() {
  case "$1" in
${caseLines(optionLines)}
  esac
}

_bant_offer_values() {
  local -a words
  words=(\${=1})
  if (( \${words[(I)${FILES}]} )); then
    words=(\${words:#${FILES}})
    (( \${#words} )) && compadd -a words
    _files
  else
    (( \${#words} )) && compadd -a words
  fi
}

_bant() {
  local cur="\${words[CURRENT]}" cmdpath="" word expect="" lastopt="" last="" count=0 i
  local -a reply
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if [[ -n $expect ]]; then expect=""; continue; fi
    if [[ $word == -* ]]; then
      if [[ $word != *=* ]] && _bant_takes_value "$cmdpath" "$word"; then expect=1; lastopt="$word"; fi
    elif (( count == 0 )) && _bant_is_subcommand "$cmdpath" "$word"; then
      cmdpath="\${cmdpath:+$cmdpath }$word"
    else
      last="$word"; count=$((count + 1))
    fi
  done
  if [[ -n $expect ]]; then
    _bant_offer_values "$(_bant_values "$cmdpath" "$lastopt")"
  elif [[ $cur == --*=* ]]; then
    lastopt="\${cur%%=*}"
    compset -P '*='
    _bant_offer_values "$(_bant_values "$cmdpath" "$lastopt")"
  elif [[ $cur == -* ]]; then
    _bant_described_options "$cmdpath"
    _describe -t options option reply
  elif (( count == 0 )) && [[ -n "$(_bant_subcommands "$cmdpath")" ]]; then
    _bant_described_subcommands "$cmdpath"
    _describe -t commands command reply
  else
    _bant_offer_values "$(_bant_values "$cmdpath" "#$count" "$last")"
  fi
}

# Autoloaded from a _bant file in $fpath, this file is _bant's body: complete now. Sourced: register.
if [[ "$funcstack[1]" == "_bant" ]]; then
  _bant "$@"
else
  compdef _bant bant
fi
`;
}

/** A word for fish, in single quotes (fish escapes only \\ and ' inside them). */
const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishScript(commands: readonly CompletionCommand[]): string {
  const root = commands[0]!;
  const globalNames = new Set(root.options.flatMap((option) => option.flags));
  const lines: string[] = [];
  const valued: string[] = [];
  const optionArgs = (flags: string[]) => flags.map((flag) => (flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`)).join(' ');
  const valueArgs = (spec: ValueSpec | undefined) => {
    if (!spec) return '';
    const words = spec.words.length ? ` -a ${fishQuote(spec.words.join(' '))}` : '';
    return spec.files ? ` -r -F${words}` : ` -x${words}`;
  };
  for (const command of commands) {
    const at = fishQuote(key(command));
    for (const sub of command.subcommands) lines.push(`complete -c bant -n ${fishQuote(`__bant_wants_subcommand ${at}`)} -a ${fishQuote(sub.name)} -d ${fishQuote(oneLine(sub.description))}`);
    for (const option of command.options) {
      const global = option.flags.some((flag) => globalNames.has(flag));
      if (global && command.path.length > 0) continue;
      if (option.value) for (const flag of option.flags) valued.push(global ? `'*|${flag}'` : fishQuote(`${key(command)}|${flag}`));
      const condition = global ? '' : ` -n ${fishQuote(`__bant_in ${at}`)}`;
      lines.push(`complete -c bant${condition} ${optionArgs(option.flags)}${valueArgs(option.value)} -d ${fishQuote(oneLine(option.description))}`);
    }
    command.args.forEach((spec, index) => {
      const position = command.variadic && index === command.args.length - 1 ? `${index}+` : String(index);
      const offer = (sub: ValueSpec, previous?: string) => {
        const words = sub.words.length ? ` -a ${fishQuote(sub.words.join(' '))}` : '';
        if (!words && !sub.files) return;
        lines.push(`complete -c bant -n ${fishQuote(`__bant_arg ${at} ${position}${previous ? ` ${fishQuote(previous)}` : ''}`)}${sub.files ? ' -F' : ''}${words}`);
      };
      if (spec.byPrevious) for (const [previous, sub] of Object.entries(spec.byPrevious)) offer(sub, previous);
      else offer(spec);
    });
  }
  return `# bant completion for fish, written by \`bant completion fish\` from bant's own commands.
# Now: bant completion fish | source    For good: bant completion fish > ~/.config/fish/completions/bant.fish

function __bant_is_subcommand --argument-names cmdpath word
    switch "$cmdpath"
${commands
  .filter((command) => command.subcommands.length)
  .map((command) => `        case ${fishQuote(key(command))}\n            contains -- $word ${command.subcommands.map((sub) => fishQuote(sub.name)).join(' ')}; and return 0`)
  .join('\n')}
    end
    return 1
end

function __bant_takes_value --argument-names cmdpath option
    switch "$cmdpath|$option"
        case ${valued.join(' ')}
            return 0
    end
    return 1
end

# The command's path, how many positional arguments precede the cursor, the last one, and whether the
# cursor stands on an option's value: one line each.
function __bant_state
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l count 0
    set -l last ''
    set -l expect 0
    for word in $tokens
        if test $expect = 1
            set expect 0
            continue
        end
        switch $word
            case '-*'
                if not string match -q -- '*=*' $word; and __bant_takes_value "$cmdpath" $word
                    set expect 1
                end
            case '*'
                if test $count = 0; and __bant_is_subcommand "$cmdpath" $word
                    set cmdpath (string trim -- "$cmdpath $word")
                else
                    set last $word
                    set count (math $count + 1)
                end
        end
    end
    printf '%s\\n' "$cmdpath" $count "$last" $expect
end

function __bant_in --argument-names want
    set -l state (__bant_state)
    test "$state[1]" = "$want"
end

function __bant_wants_subcommand --argument-names want
    set -l state (__bant_state)
    test "$state[1]" = "$want"; and test $state[2] = 0; and test $state[4] = 0
end

# At positional argument N (N+ for N or later) of the command, after the argument "previous" if given.
function __bant_arg --argument-names want position previous
    set -l state (__bant_state)
    test "$state[1]" = "$want"; or return 1
    test $state[4] = 0; or return 1
    set -l n (string replace '+' '' -- $position)
    if string match -q -- '*+' $position
        test $state[2] -ge $n; or return 1
    else
        test $state[2] = $n; or return 1
    end
    test -z "$previous"; or test "$state[3]" = "$previous"
end

complete -c bant -f
${lines.join('\n')}
`;
}
