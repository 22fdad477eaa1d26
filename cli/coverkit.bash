# bash completion for coverkit: commands, sub-commands and options.
# Installed as share/bash-completion/completions/coverkit; or: source cli/coverkit.bash
_coverkit()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local global="--base-url --region --token --ak --sk --json --timeout --retries --verbose --version --help"
    local words="" i command="" sub=""
    for ((i = 1; i < COMP_CWORD; ++i)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *)
            if [[ -z $command ]]; then
                command=${COMP_WORDS[i]}
            elif [[ -z $sub ]]; then
                sub=${COMP_WORDS[i]}
            fi
            ;;
        esac
    done
    case $command in
    "") words="token screenshot screenshot-list rooms room scenes scene legacy album-cover $global" ;;
    token)
        case $sub in
        sdk) words="--role --lifespan --help" ;;
        room | task) words="--uuid --role --lifespan --help" ;;
        *) words="sdk room task" ;;
        esac
        ;;
    screenshot) words="--size --path --output --help" ;;
    screenshot-list) words="--size --path --output --jobs --help" ;;
    rooms) words="--page-size --help" ;;
    room) words=$([[ $sub == create ]] && echo "--name --limit --record --help" || echo create) ;;
    scenes) words=$([[ $sub == add ]] && echo "--path --help" || echo "add --dir --help") ;;
    scene) words="switch" ;;
    legacy)
        case $sub in
        cover) words="--size --path --output --help" ;;
        covers) words="--size --path --page --per-page --all --output --jobs --help" ;;
        *) words="cover covers" ;;
        esac
        ;;
    album-cover) words="--space --album --size --access-token --library-secret --output --location --help" ;;
    esac
    case ${COMP_WORDS[COMP_CWORD - 1]} in
    --output | -o | --path) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --role) COMPREPLY=($(compgen -W "admin writer reader" -- "$cur")); return ;;
    --region) COMPREPLY=($(compgen -W "cn-hz us-sv sg in-mum gb-lon" -- "$cur")); return ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _coverkit coverkit
