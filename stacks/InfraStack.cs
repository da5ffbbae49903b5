using System.Collections.Immutable;
using System.Text.Json;
using Infra.Blueprint.Backups;
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
    /// declared (the source stack and this stack's own release history are only read).
    /// </summary>
    public static async Task<IDictionary<string, object?>> RunAsync()
    {
        var inputs = StackInputs.Read();
        var settings = inputs.Config.ToSettings(checkSecrets: true);
        var history = await ReadReleaseHistoryAsync();
        var promotedFrom = await CheckPromotionAsync(settings, history);
        var releases = ReleaseHistory.Record(history, settings.App.Image.ToString(), inputs.Now, promotedFrom is null ? inputs.ReleaseSource : ReleaseHistory.PromotionSource(promotedFrom, inputs.ReleaseSource));
        var plan = PlanPolicies.Enforce(Planner.Build(settings));
        var sshKey = inputs.Secret(ConfigKeys.SshPrivateKey);

        var hosts = plan.Hosts.Select(h => new Host(h.Name, HostArgs.From(plan, h, sshKey))).ToList();
        var swarm = new Swarm("swarm", SwarmArgs.From(plan, hosts, sshKey));
        var origin = plan.Certificates.Where(c => c.Issuer == CertificateIssuer.CloudflareOrigin).ToDictionary(c => c.Name, c => new OriginCertificate(c.Name, new OriginCertificateArgs { Certificate = c }));
        var internalCa = InternalCaArgs.From(plan) is { } ca ? new InternalCa("internal-ca", ca) : null;
        var zone = new ZoneSettings("zone", ZoneSettingsArgs.From(plan));
        var dns = new DnsRecords("dns", DnsRecordsArgs.From(plan), new ComponentResourceOptions { DependsOn = { zone } });
        _ = new Buckets("buckets", new BucketsArgs { Specs = plan.Buckets });
        var networks = new Networks("networks", new NetworksArgs { Specs = plan.Networks }, OnSwarm(swarm));
        var secrets = new Secrets("secrets", new SecretsArgs { Specs = plan.Secrets, CertificateKeys = CertificateKeys(plan, origin, internalCa), StackConfig = inputs.Secrets }, OnSwarm(swarm));
        var configs = new Configs("configs", new ConfigsArgs { Specs = plan.Configs, Produced = CertificateFiles(plan, origin, internalCa) }, OnSwarm(swarm));
        var volumes = new Volumes("volumes", new VolumesArgs { Specs = plan.Volumes, NodeProviders = swarm.NodeProviders.ToDictionary(p => p.Key, p => (ProviderResource)p.Value) }, OnSwarm(swarm));
        var recoveryKit = RecoveryKitOutput(plan, secrets, inputs.Secrets);
        _ = new Services("services", ServicesArgs.From(plan, networks, secrets, configs, volumes, sshKey, swarm.Labels, hosts.Single(h => h.Planned.IsLeader).VerifiedHostKey, inputs.Secrets, dns.ByContent), OnSwarm(swarm));

        return new Dictionary<string, object?>
        {
            ["url"] = Output.Create($"https://{plan.Settings.Domain}"),
            [Promotion.ImageOutput] = Output.Create(plan.Settings.App.Image.ToString()),
            [ReleaseHistory.OutputName] = Output.Create(ReleaseHistory.ToOutput(releases).Select(r => r.ToImmutableDictionary()).ToImmutableArray()),
            ["hostAddresses"] = Output.Create(plan.Hosts.ToImmutableDictionary(h => h.Name, h => h.Address)),
            ["dnsNames"] = dns.Names,
            ["leaderDockerHost"] = swarm.LeaderDockerHost,
            [RecoveryKit.OutputName] = recoveryKit,
        };
    }

    // The restic password lives only in the state: the kit exports it with the repository and the S3 keys, as one
    // secret, for the operator to keep outside Pulumi (docs/runbooks/recovery.md). Null when backups are off.
    private static Output<ImmutableDictionary<string, string>>? RecoveryKitOutput(Plan plan, Secrets secrets, IReadOnlyDictionary<string, Output<string>> stackSecrets)
    {
        if (!plan.Settings.Backups.Enabled)
        {
            return null;
        }

        var keys = RecoveryKit.S3Keys.Select(k => stackSecrets.TryGetValue(k.FullName, out var v) ? v : Output.Create("")).ToList();
        return Output.CreateSecret(Output.Tuple(secrets.Data[Layout.ResticPasswordSecret], keys[0], keys[1]).Apply(t =>
            RecoveryKit.Environment(plan.Settings, t.Item1, t.Item2, t.Item3).ToImmutableDictionary()));
    }

    // What this stack deployed before: its own releases output, read through a StackReference to itself (empty on the
    // first up). Each up writes the list back with its release on top, so the history is kept across ups.
    private static async Task<IReadOnlyList<Release>> ReadReleaseHistoryAsync()
    {
        var self = $"{Deployment.Instance.OrganizationName}/{Deployment.Instance.ProjectName}/{Deployment.Instance.StackName}";
        var reference = new StackReference("release-history", new StackReferenceArgs { Name = self });
        var previous = await reference.GetValueAsync(ReleaseHistory.OutputName);
        try
        {
            return ReleaseHistory.Parse(previous is null ? null : JsonSerializer.Serialize(previous));
        }
        catch (InvalidDataException e)
        {
            throw new SettingsException(Deployment.Instance.StackName, [new SettingsError($"stack output {ReleaseHistory.OutputName}", $"{e.Message}; fix it with a pulumi stack export/import, or delete the output")]);
        }
    }

    // Reads the source stack's image before anything is declared; a stack without infra:app.promoteFrom has no gate.
    // Returns the source stack when this deploy promotes its image; null without a gate or for a rollback through it.
    private static async Task<string?> CheckPromotionAsync(StackSettings settings, IReadOnlyList<Release> history)
    {
        if (settings.App.PromoteFrom.Length == 0)
        {
            return null;
        }

        var source = new StackReference("promote-from", new StackReferenceArgs { Name = settings.App.PromoteFrom });
        var image = await source.GetValueAsync(Promotion.ImageOutput) as string;
        if (Promotion.Check(settings, image, history) is { } problem)
        {
            throw new SettingsException(settings.Stack, [problem]);
        }

        return image == settings.App.Image.ToString() ? settings.App.PromoteFrom : null;
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
