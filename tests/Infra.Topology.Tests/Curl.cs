using System.Net;
using Infra.TestKit;

namespace Infra.Topology.Tests;

/// <summary>A response as curl saw it: status, headers (every occurrence), body.</summary>
public sealed record CurlResponse(int ExitCode, int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body, string Raw)
{
    public IReadOnlyList<string> All(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
}

/// <summary>curl over HTTP/1.1 (as Cloudflare talks to an origin), accepting the self-signed certificate, from a chosen loopback source address.</summary>
public static class Curl
{
    public static CurlResponse Send(Uri url, IPAddress? source = null, string method = "GET", params string[] headers)
    {
        var curl = Tools.Require("curl", "curl");
        List<string> arguments = ["-k", "-sS", "-i", "--http1.1", "--max-time", "10", "-X", method, "--interface", (source ?? IPAddress.Loopback).ToString()];
        foreach (var header in headers)
        {
            arguments.AddRange(["-H", header]);
        }

        arguments.Add(url.ToString());
        var result = Tools.Run(curl, arguments, TimeSpan.FromSeconds(20));
        if (result.ExitCode != 0)
        {
            return new CurlResponse(result.ExitCode, 0, [], "", result.Output);
        }

        var text = result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = (split < 0 ? text : text[..split]).Split('\n');
        var parsed = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (parts[0].Trim(), parts[1].Trim()))
            .ToList();
        return new CurlResponse(0, int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), parsed, split < 0 ? "" : text[(split + 2)..], result.Stdout);
    }
}
