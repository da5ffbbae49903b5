using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Moq;
using Pulumi.Testing;

namespace Infra.Stacks.Tests;

/// <summary>
/// Pulumi's engine, mocked small and strict with Moq: inputs come back as outputs, ids are <c>{name}_id</c>,
/// computed values are fakes from documentation ranges, and a resource type the program is not expected to
/// declare fails the run.
/// </summary>
public sealed class StrictMocks
{
    public const string WorkerToken = "SWMTKN-1-mock-worker-token";
    public const string ManagerToken = "SWMTKN-1-mock-manager-token";
    public const string DeployPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMOCKdeploykey";

    /// <summary>What the host-key command of <paramref name="host"/> prints under these mocks: its verified key.</summary>
    public static string HostKey(string host) => $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMOCK{host}";

    private readonly ConcurrentQueue<Declared> _declared = new();

    public StrictMocks()
    {
        Engine = new Mock<IMocks>(MockBehavior.Strict);
        Engine.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>())).Returns((MockResourceArgs args) => Task.FromResult(NewResource(args)));
        Engine.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>())).Returns((MockCallArgs args) => Task.FromResult(Call(args)));
        Engine.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>())).Returns(Task.CompletedTask);
    }

    public Mock<IMocks> Engine { get; }

    /// <summary>Outputs of the stacks the program reads through a StackReference, by stack name.</summary>
    public Dictionary<string, Dictionary<string, object>> OtherStacks { get; } = [];

    public IReadOnlyList<Declared> Declared => [.. _declared];

    public int NewResourceCalls => Engine.Invocations.Count(i => i.Method.Name == nameof(IMocks.NewResourceAsync));

    private (string? Id, object State) NewResource(MockResourceArgs args)
    {
        var type = args.Type ?? throw new InvalidOperationException("resource without type");
        var name = args.Name ?? throw new InvalidOperationException("resource without name");
        var outputs = args.Inputs.ToBuilder();
        switch (type)
        {
            case var component when component.StartsWith("infra:", StringComparison.Ordinal):
                break;
            case "pulumi:providers:docker":
            case "docker:index/network:Network":
            case "docker:index/volume:Volume":
            case "docker:index/service:Service":
            case "cloudflare:index/dnsRecord:DnsRecord":
            case "cloudflare:index/r2Bucket:R2Bucket":
                break;
            case "docker:index/secret:Secret":
            case "docker:index/serviceConfig:ServiceConfig":
                // Pulumi auto-names these; the engine would add a random suffix.
                outputs.TryAdd("name", $"{name}-0a1b2c3");
                break;
            case "command:remote:Command":
                outputs["stdout"] = name.EndsWith("-init", StringComparison.Ordinal) ? $"{WorkerToken}\n{ManagerToken}\n" : "";
                outputs["stderr"] = "";
                break;
            case "command:local:Command":
                outputs["stdout"] = name.EndsWith("-host-key", StringComparison.Ordinal) ? HostKey(name[..^"-host-key".Length]) + "\n" : "";
                outputs["stderr"] = "";
                break;
            case "random:index/randomPassword:RandomPassword":
                outputs["result"] = Password(name, Convert.ToInt32(args.Inputs["length"]));
                break;
            case "tls:index/privateKey:PrivateKey":
                outputs["privateKeyPem"] = $"-----BEGIN EC PRIVATE KEY-----\nMOCK{name}\n-----END EC PRIVATE KEY-----\n";
                outputs["privateKeyOpenssh"] = $"-----BEGIN OPENSSH PRIVATE KEY-----\nMOCK{name}\n-----END OPENSSH PRIVATE KEY-----\n";
                outputs["publicKeyPem"] = $"-----BEGIN PUBLIC KEY-----\nMOCK{name}\n-----END PUBLIC KEY-----\n";
                break;
            case "tls:index/certRequest:CertRequest":
                outputs["certRequestPem"] = $"-----BEGIN CERTIFICATE REQUEST-----\nMOCK{name}\n-----END CERTIFICATE REQUEST-----\n";
                break;
            case "tls:index/selfSignedCert:SelfSignedCert":
            case "tls:index/locallySignedCert:LocallySignedCert":
                outputs["certPem"] = $"-----BEGIN CERTIFICATE-----\nMOCK{name}\n-----END CERTIFICATE-----\n";
                break;
            case "pulumi:pulumi:StackReference":
                outputs["outputs"] = OtherStacks.TryGetValue(name, out var stack) ? stack.ToImmutableDictionary() : ImmutableDictionary<string, object>.Empty;
                outputs["secretOutputNames"] = ImmutableArray<object>.Empty;
                break;
            case "cloudflare:index/originCaCertificate:OriginCaCertificate":
                outputs["certificate"] = $"-----BEGIN CERTIFICATE-----\nMOCK{name}\n-----END CERTIFICATE-----\n";
                outputs["expiresOn"] = "2040-01-01T00:00:00Z";
                break;
            default:
                throw new InvalidOperationException($"the program declared {type} '{name}', which these tests do not expect; add it to {nameof(StrictMocks)} deliberately");
        }

        var state = outputs.ToImmutable();
        _declared.Enqueue(new Declared(type, name, args.Inputs, state));
        return (type.StartsWith("infra:", StringComparison.Ordinal) ? null : $"{name}_id", state);
    }

    private static object Call(MockCallArgs args) => args.Token switch
    {
        "tls:index/getPublicKey:getPublicKey" => ImmutableDictionary<string, object>.Empty
            .Add("publicKeyOpenssh", DeployPublicKey + "\n")
            .Add("publicKeyPem", "-----BEGIN PUBLIC KEY-----\nMOCK\n-----END PUBLIC KEY-----\n")
            .Add("publicKeyFingerprintMd5", "00:00")
            .Add("publicKeyFingerprintSha256", "SHA256:MOCK")
            .Add("algorithm", "ED25519")
            .Add("id", "mock"),
        _ => throw new InvalidOperationException($"the program called {args.Token}, which these tests do not expect; add it to {nameof(StrictMocks)} deliberately"),
    };

    /// <summary>A deterministic alphanumeric fake password, distinct per resource.</summary>
    public static string Password(string name, int length)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return string.Concat(Enumerable.Repeat(hex, length / hex.Length + 1))[..length];
    }
}
