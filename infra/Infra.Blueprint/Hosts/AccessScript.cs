namespace Infra.Blueprint.Hosts;

/// <summary>
/// The first script a fresh server runs, logged in as the account it offers (root, or a user with passwordless
/// sudo): creates the deploy user with the deploy key, its Docker group membership and its sudo rule. Everything
/// after it logs in as the deploy user, so the bootstrap can turn root login off. Idempotent.
/// </summary>
public static class AccessScript
{
    /// <summary>Path of the script in the rendered files.</summary>
    public const string Path = "hosts/access.sh";

    /// <summary>Where the deploy user's sudo rule lives.</summary>
    public const string SudoersPath = "/etc/sudoers.d/90-infra-deploy";

    /// <summary>
    /// What the deploy user may run as root without a password: exactly the provisioner's script runner
    /// (<see cref="HostCommands.AsRootThroughSudo"/>). That is root (the bootstrap needs it), and so is the Docker
    /// group; the rule documents what the provisioner needs, it does not make the key any less valuable.
    /// </summary>
    public static string SudoRule(string deployUser) => $"{deployUser} ALL=(root) NOPASSWD: /usr/bin/bash -s, /bin/bash -s";

    /// <summary>Renders the script. Expects <c>DEPLOY_USER</c> and <c>DEPLOY_PUBLIC_KEY</c>.</summary>
    public static string Render() => $$"""
        #!/usr/bin/env bash
        # Rendered by Infra: create the deploy user that every later command logs in as (idempotent).
        set -euo pipefail
        : "${DEPLOY_USER:?set DEPLOY_USER}" "${DEPLOY_PUBLIC_KEY:?set DEPLOY_PUBLIC_KEY to the public half of the deploy key}"

        {{Shell.Preamble("access")}}

        if [[ $(id -u) -ne 0 ]]; then
          echo "access must run as root (the provisioner runs it as root or through sudo -n bash -s)" >&2
          exit 1
        fi

        if ! id -u "$DEPLOY_USER" >/dev/null 2>&1; then
          useradd --create-home --shell /bin/bash "$DEPLOY_USER"
          changed "user $DEPLOY_USER"
        fi
        # The group Docker's socket belongs to; created ahead of Docker, so it holds whichever way Docker arrives.
        if ! getent group docker >/dev/null; then
          groupadd --system docker
          changed "group docker"
        fi
        if ! id -nG "$DEPLOY_USER" | tr ' ' '\n' | grep -qx docker; then
          usermod -aG docker "$DEPLOY_USER"
          changed "$DEPLOY_USER in group docker"
        fi

        home=$(getent passwd "$DEPLOY_USER" | cut -d: -f6)
        install -d -m 0700 -o "$DEPLOY_USER" -g "$DEPLOY_USER" "$home/.ssh"
        put_file "$home/.ssh/authorized_keys" 0600 <<<"$DEPLOY_PUBLIC_KEY" || true
        chown "$DEPLOY_USER:$DEPLOY_USER" "$home/.ssh/authorized_keys"

        sudoers=$(mktemp)
        printf '%s\n' "{{SudoRule("$DEPLOY_USER")}}" >"$sudoers"
        visudo -c -q -f "$sudoers"
        put_file {{SudoersPath}} 0440 <"$sudoers" || true
        rm -f "$sudoers"

        finish

        """;
}
