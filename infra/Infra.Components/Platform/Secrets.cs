using System.Globalization;
using Infra.Blueprint.Platform;
using Pulumi;
using Pulumi.Random;
using Docker = Pulumi.Docker;

namespace Infra.Components.Platform;

/// <summary>
/// The platform's credentials as Swarm secrets: generated passwords (Pulumi.Random), files derived from them
/// (the plan's template is a .NET composite format string), certificate keys, secret values of the stack's config. Every value is a Pulumi secret from the moment it exists; services receive them only as
/// files under <c>/run/secrets/</c>.
/// </summary>
public sealed class Secrets : ComponentResource
{
    /// <summary>The Swarm secret of each planned secret, by symbolic name.</summary>
    public IReadOnlyDictionary<string, Docker.Secret> ByName { get; }

    /// <summary>The data (base64) handed to each Swarm secret, by symbolic name; every one is a Pulumi secret.</summary>
    public IReadOnlyDictionary<string, Output<string>> Data { get; }

    /// <summary>Declares every secret of <see cref="SecretsArgs.Specs"/>.</summary>
    public Secrets(string name, SecretsArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Secrets", name, options)
    {
        var values = new Dictionary<string, Output<string>>();
        var secrets = new Dictionary<string, Docker.Secret>();
        var data = new Dictionary<string, Output<string>>();
        foreach (var spec in args.Specs)
        {
            var value = Output.CreateSecret(spec.Kind switch
            {
                SecretKind.Password => new RandomPassword($"{name}-{spec.Name}", new RandomPasswordArgs
                {
                    Length = spec.Length,
                    Special = false,
                }, new CustomResourceOptions { Parent = this }).Result,
                SecretKind.Derived => Source(values, spec).Apply(spec.Derive),
                SecretKind.CertificateKey => Source(args.CertificateKeys, spec),
                SecretKind.StackConfig => Source(args.StackConfig, spec),
                _ => throw new InvalidOperationException($"secret {spec.Name}: unknown kind {spec.Kind}"),
            });
            values[spec.Name] = value;
            data[spec.Name] = Output.CreateSecret(value.Apply(DockerValues.Base64));

            // No fixed name: Swarm secrets are immutable, a new value is a new secret created before the old
            // one is removed, so Pulumi's auto-naming keeps the two apart. Services mount it by file name.
            secrets[spec.Name] = new Docker.Secret($"{name}-{spec.Name}", new Docker.SecretArgs
            {
                Data = data[spec.Name],
            }, new CustomResourceOptions { Parent = this, AdditionalSecretOutputs = { "data" } });
        }

        ByName = secrets;
        Data = data;

        RegisterOutputs();
    }

    private static Output<string> Source(IReadOnlyDictionary<string, Output<string>> sources, SecretSpec spec) =>
        spec.From is not null && sources.TryGetValue(spec.From, out var source)
            ? source
            : throw new InvalidOperationException($"secret {spec.Name}: its source '{spec.From}' is not declared before it");
}
