# bash completion for vmha-config, vmha, clustat and clusvcadm.
# Nothing here lists a command or an option: each program's --help (printed from its own option
# table) is read once per shell and the words are taken from it, so a new option completes the
# day it is added to the table.
#   commands: the word after the program's name at the start of a usage line ("vmha-config generate")
#   options:  every --long and -s option of the help's option rows and usage lines
#   values:   a "--opt A|B|C" in the help offers A, B and C after --opt
# Anything else completes file names (topologies, cluster.conf files, output directories).

_vmha_help_words() {  # PROG -> sets _vmha_cmds _vmha_opts _vmha_help (cached per program)
  local prog=$1 var
  var=_vmha_help_cache_${prog//[^a-zA-Z0-9]/_}
  if [ -z "${!var+set}" ]; then
    printf -v "$var" '%s' "$(LC_ALL=C "$prog" --help 2>/dev/null)"
  fi
  _vmha_help=${!var}
  _vmha_cmds=$(sed -n -E "s/^[[:space:]]*(usage:)?[[:space:]]*${prog}[[:space:]]+([a-z][a-z-]*).*/\2/p" <<<"$_vmha_help" | sort -u)
  # Options: from the option rows (lines that start with -) and the usage lines, not from examples of
  # other tools' command lines the help may quote.
  _vmha_opts=$(grep -E "^[[:space:]]*-|^[[:space:]]*(usage:)?[[:space:]]*${prog}([[:space:]]|\$)" <<<"$_vmha_help" |
               grep -o -E '(^|[[:space:][,|(])--?[a-zA-Z][a-zA-Z0-9-]*' | sed -E 's/^[^-]*//' | sort -u)
}

_vmha_complete() {
  local cur prev prog values i have_cmd=""
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  prog=${1##*/}
  _vmha_help_words "$prog"
  if [[ $prev == -* ]]; then
    values=$(grep -o -E -- "${prev}[= ]+[A-Za-z0-9._-]+(\|[A-Za-z0-9._-]+)+" <<<"$_vmha_help" | head -n1 |
             sed -E "s/^${prev}[= ]+//" | tr '|' ' ')
    if [ -n "$values" ]; then
      mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
      return
    fi
  fi
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$_vmha_opts" -- "$cur")
    return
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} != -* ]] && grep -qx -- "${COMP_WORDS[i]}" <<<"$_vmha_cmds" && have_cmd=1
  done
  if [ -z "$have_cmd" ] && [ -n "$_vmha_cmds" ]; then
    mapfile -t COMPREPLY < <(compgen -W "$_vmha_cmds" -- "$cur")
    return
  fi
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

complete -F _vmha_complete vmha-config vmha clustat clusvcadm
