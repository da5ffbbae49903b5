using System.Security.Cryptography;
using Infra.Blueprint.Platform;

namespace Infra.Swarm.Tests;

/// <summary>The plan's secret values generated as Pulumi.Random would (stack config secrets as test strings).</summary>
public static class SecretValues
{
    /// <summary>Every secret of <paramref name="plan"/>, by symbolic name; <paramref name="certificateKeys"/> holds each certificate's key (PEM), by certificate name.</summary>
    public static void Generate(Plan plan, IReadOnlyDictionary<string, string> certificateKeys, Dictionary<string, string> into)
    {
        foreach (var s in plan.Secrets)
        {
            into[s.Name] = s.Kind switch
            {
                SecretKind.Password => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", s.Length),
                SecretKind.Derived => s.Derive(into[s.From!]),
                SecretKind.CertificateKey => certificateKeys.TryGetValue(s.From!, out var key) ? key : throw new InvalidOperationException($"secret {s.Name}: no test key for certificate {s.From}"),
                SecretKind.StackConfig => $"test-{s.Name}",
                _ => throw new InvalidOperationException($"secret {s.Name}: unknown kind {s.Kind}"),
            };
        }
    }
}
