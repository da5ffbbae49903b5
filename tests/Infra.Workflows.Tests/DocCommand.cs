namespace Infra.Workflows.Tests;

/// <summary>One command of a doc's sh block: where it is (<c>file:line</c>), as written, and its shell words.</summary>
internal sealed record DocCommand(string Where, string Text, IReadOnlyList<string> Tokens);
