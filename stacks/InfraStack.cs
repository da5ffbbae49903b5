using System.Collections.Immutable;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Policies;
using Infra.Blueprint.Settings;
using Infra.Components.Certificates;
using Infra.Components.Dns;
using Infra.Components.Edge;
using Infra.Components.Hosts;
using Infra.Components.Platform;
using Pulumi;

namespace Infra.Stacks;

/// <summary>The Pulumi program: config → validated plan → components in dependency order → outputs.</summary>
public static class InfraStack
{
    /// <summary>
    /// The stack body. A stack whose settings are invalid, whose image was not promoted from its source stack, or
    /// whose plan breaks a platform policy, fails here with every problem listed, before a single resource is
    /// declared (the source stack is only read).
    /// </summary>
    public static async Task<IDictionary<string, object?>> RunAsync()
    {
        var inputs = StackInputs.Read();
        var settings = inputs.Config.ToSettings(checkSecrets: true);
        await CheckPromotionAsync(settings);
        var plan = PlanPolicies.Enforce(Planner.Build(settings));
        var sshKey = inputs.Secret(ConfigKeys.SshPrivateKey);

        var hosts = plan.Hosts.Select(h => new Host(h.Name, HostArgs.From(plan, h, sshKey))).ToList();
        var swarm = new Swarm("swarm", SwarmArgs.From(plan, hosts, sshKey));
        var origin = plan.Certificates.Where(c => c.Issuer == CertificateIssuer.CloudflareOrigin).ToDictionary(c => c.Name, c => new OriginCertificate(c.Name, new OriginCertificateArgs { Certificate = c }));
        var internalCa = InternalCaArgs.From(plan) is { } ca ? new InternalCa("internal-ca", ca) : null;
        var dns = new DnsRecords("dns", DnsRecordsArgs.From(plan));
        _ = new Buckets("buckets", new BucketsArgs { Specs = plan.Buckets });
        var networks = new Networks("networks", new NetworksArgs { Specs = plan.Networks }, OnSwarm(swarm));
        var secrets = new Secrets("secrets", new SecretsArgs { Specs = plan.Secrets, CertificateKeys = CertificateKeys(plan, origin, internalCa), StackConfig = inputs.Secrets }, OnSwarm(swarm));
        var configs = new Configs("configs", new ConfigsArgs { Specs = plan.Configs, Produced = CertificateFiles(plan, origin, internalCa) }, OnSwarm(swarm));
        var volumes = new Volumes("volumes", new VolumesArgs { Specs = plan.Volumes, NodeProviders = swarm.NodeProviders.ToDictionary(p => p.Key, p => (ProviderResource)p.Value) }, OnSwarm(swarm));
        _ = new Services("services", ServicesArgs.From(plan, networks, secrets, configs, volumes, sshKey, swarm.Labels), OnSwarm(swarm));

        return new Dictionary<string, object?>
        {
            ["url"] = Output.Create($"https://{plan.Settings.Domain}"),
            [Promotion.ImageOutput] = Output.Create(plan.Settings.App.Image.ToString()),
            ["hostAddresses"] = Output.Create(plan.Hosts.ToImmutableDictionary(h => h.Name, h => h.Address)),
            ["dnsNames"] = dns.Names,
            ["leaderDockerHost"] = swarm.LeaderDockerHost,
        };
    }

    // Reads the source stack's image before anything is declared; a stack without infra:app.promoteFrom has no gate.
    private static async Task CheckPromotionAsync(StackSettings settings)
    {
        if (settings.App.PromoteFrom.Length == 0)
        {
            return;
        }

        var source = new StackReference("promote-from", new StackReferenceArgs { Name = settings.App.PromoteFrom });
        var image = await source.GetValueAsync(Promotion.ImageOutput) as string;
        if (Promotion.Check(settings, image) is { } problem)
        {
            throw new SettingsException(settings.Stack, [problem]);
        }
    }

    // Swarm-wide resources go through the leader's Docker API, once every node has joined and is labelled.
    private static ComponentResourceOptions OnSwarm(Swarm swarm) => new() { Providers = { swarm.Provider }, DependsOn = { swarm.Labels } };

    // Every certificate's private key (secret Output), by certificate name: the plan's CertificateKey secrets.
    private static Dictionary<string, Output<string>> CertificateKeys(Plan plan, IReadOnlyDictionary<string, OriginCertificate> origin, InternalCa? internalCa) =>
        plan.Certificates.ToDictionary(c => c.Name, c => c.Issuer == CertificateIssuer.InternalCa ? internalCa!.PrivateKeyPems[c.Name] : origin[c.Name].PrivateKeyPem);

    // Configs whose content Pulumi produces: every certificate's PEM under its config key ({name}.crt), and the internal CA's.
    private static Dictionary<string, Output<string>> CertificateFiles(Plan plan, IReadOnlyDictionary<string, OriginCertificate> origin, InternalCa? internalCa)
    {
        var files = plan.Certificates.ToDictionary(c => c.ConfigKey, c => c.Issuer == CertificateIssuer.InternalCa ? internalCa!.CertificatePems[c.Name] : origin[c.Name].CertificatePem);
        if (internalCa is not null)
        {
            files[CertificateSpec.InternalCaConfigKey] = internalCa.CertificatePem;
        }

        return files;
    }
}
