using Infra.Blueprint.Platform;

namespace Infra.Blueprint.Operate;

/// <summary>
/// One script an operator command runs: the host it runs on (as the deploy user, fed to <c>bash -s</c> over SSH, the
/// way the Pulumi layer runs the plan's jobs) and its text. Rendered here, pure; the CLI only ships it, and
/// <c>--dry-run</c> prints it.
/// </summary>
/// <param name="Host">The planned host it runs on.</param>
/// <param name="Text">The bash script.</param>
public sealed record OperatorScript(PlannedHost Host, string Text);
