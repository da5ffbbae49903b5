using System.Security.Cryptography;
using Infra.Blueprint.Platform;

namespace Infra.Swarm.Tests;

/// <summary>The plan's secret values generated as Pulumi.Random would (stack config secrets as test strings).</summary>
public static class SecretValues
{
    /// <summary>
    /// Every secret of <paramref name="plan"/>, by symbolic name. <paramref name="given"/> holds each certificate's key
    /// (PEM), by certificate name, and may hold a stack config secret's value, by its key (<c>infra:…</c>, as
    /// <c>pulumi config set --secret</c> takes it); other stack config secrets are test strings.
    /// </summary>
    public static void Generate(Plan plan, IReadOnlyDictionary<string, string> given, Dictionary<string, string> into)
    {
        foreach (var s in plan.Secrets)
        {
            into[s.Name] = s.Kind switch
            {
                SecretKind.Password => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", s.Length),
                SecretKind.Derived => s.Derive(into[s.From!]),
                SecretKind.CertificateKey => given.TryGetValue(s.From!, out var key) ? key : throw new InvalidOperationException($"secret {s.Name}: no test key for certificate {s.From}"),
                SecretKind.StackConfig => given.TryGetValue(s.From!, out var value) ? value : $"test-{s.Name}",
                _ => throw new InvalidOperationException($"secret {s.Name}: unknown kind {s.Kind}"),
            };
        }
    }
}
