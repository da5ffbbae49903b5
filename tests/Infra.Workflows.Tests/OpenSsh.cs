namespace Infra.Workflows.Tests;

/// <summary>
/// The options of OpenSSH's client programs, from their manual pages (getopt strings: a letter followed by ':' takes
/// a value). A doc's <c>ssh</c>, <c>ssh-add</c>, <c>ssh-agent</c>, <c>ssh-keygen</c> or <c>ssh-keyscan</c> command may use only these.
/// They are not run: they would touch keys, agents and servers.
/// </summary>
internal static class OpenSsh
{
    public static IReadOnlyDictionary<string, string> Flags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ssh"] = "46AaCfGgKkMNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:",
        ["ssh-add"] = "cCDdEe:H:h:kKlLMqS:Tt:vXx",
        ["ssh-agent"] = "cDdksE:a:O:P:t:",
        ["ssh-keygen"] = "ABC:D:E:F:HI:KLM:N:O:P:QR:V:Y:Z:a:b:cef:g:hiklm:n:pqr:s:t:Uuvw:yz:",
        ["ssh-keyscan"] = "46cDf:HO:p:T:t:v",
    };

    /// <summary>The problem with the command, or null.</summary>
    public static string? Check(string program, IReadOnlyList<string> tokens)
    {
        var spec = Flags[program];
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == "--" || !token.StartsWith('-') || token.Length < 2)
            {
                continue;
            }

            for (var j = 1; j < token.Length; j++)
            {
                var at = spec.IndexOf(token[j], StringComparison.Ordinal);
                if (at < 0 || token[j] == ':')
                {
                    return $"'-{token[j]}' is not a flag of {program} (OpenSSH's manual)";
                }

                if (at + 1 < spec.Length && spec[at + 1] == ':')
                {
                    // The rest of the word, or the next word, is the value.
                    i += j == token.Length - 1 ? 1 : 0;
                    break;
                }
            }
        }

        return null;
    }
}
