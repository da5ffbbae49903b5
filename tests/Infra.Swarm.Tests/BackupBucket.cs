using System.Text.Json.Nodes;
using Infra.Blueprint.Backups;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Settings;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// The backup's bucket for the staging fixture: the data tier's <see cref="S3Server"/> (s3rver over TLS, a throwaway CA)
/// on this machine, listening on the node's bridge gateway, which the backup task reaches through its egress overlay
/// and the node's NAT as it would reach R2 through the host's. Two documented overrides make the plan use it
/// (docs/swarm.md): the stack's <c>infra:backups.s3Endpoint</c> set to it (and <c>r2AccountId</c> cleared, so the endpoint
/// is not derived), and its CA mounted in the backup service's task as the trust store restic reads. The stack's S3 keys
/// are s3rver's.
/// </summary>
public sealed class BackupBucket : IDisposable
{
    /// <summary>The config the CA goes into (a produced config of the fixture).</summary>
    public const string CaConfigKey = "s3-ca.crt";

    /// <summary>
    /// Where Go's TLS (restic) reads the system's CAs first, on Debian as on Alpine: the pinned Postgres image's store
    /// holds the public CAs that sign R2's certificate; the test replaces it with the throwaway CA alone.
    /// </summary>
    public const string TrustStore = "/etc/ssl/certs/ca-certificates.crt";

    private BackupBucket(S3Server server) => Server = server;

    /// <summary>The S3 server.</summary>
    public S3Server Server { get; }

    /// <summary>Starts s3rver on the gateway of the machine's default bridge (where the node is), holding the stack's bucket.</summary>
    public static BackupBucket Start(StackConfig stack)
    {
        var gateway = Shell.Run("docker", ["network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}}"]).Stdout.Trim();
        return new BackupBucket(S3Server.Start(stack.ToSettings(checkSecrets: false).Backups.Bucket, gateway));
    }

    /// <summary>The stack with its backups' endpoint at this server (the bucket, retention and schedules as shipped).</summary>
    public StackConfig Configure(StackConfig stack) =>
        stack.With(ConfigKeys.BackupsR2AccountId.Name, "").With(ConfigKeys.BackupsS3Endpoint.Name, Server.Endpoint);

    /// <summary>The stack config's S3 keys (<c>infra:backups.s3AccessKeyId</c>, <c>…SecretAccessKey</c>), by key: the ones s3rver accepts.</summary>
    public static Dictionary<string, string> Credentials() => new()
    {
        [ConfigKeys.BackupsS3AccessKeyId.FullName] = S3Server.Credential,
        [ConfigKeys.BackupsS3SecretAccessKey.FullName] = S3Server.Credential,
    };

    /// <summary>The produced config holding the CA.</summary>
    public KeyValuePair<string, string> CaConfig => new(CaConfigKey, File.ReadAllText(Server.CaFile));

    /// <summary>The config mounted in addition to a service's planned ones: the CA, as the backup service's trust store.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ConfigReference>> AddedConfigs { get; } =
        new Dictionary<string, IReadOnlyList<ConfigReference>>
        {
            [Layout.BackupService] = [new ConfigReference(CaConfigKey, new FileTarget(TrustStore, "0", "0", Convert.ToInt32("444", 8)))],
        };

    /// <summary>
    /// restic on this machine against the plan's repository with <paramref name="password"/> (the restic password
    /// secret): an independent reader of what the backup left in the bucket.
    /// </summary>
    public ProcessResult Restic(Plan plan, string password, params string[] arguments) =>
        Tools.Run(Tools.Require("restic", "restic"), ["--no-cache", .. arguments], TimeSpan.FromMinutes(2), environment: new Dictionary<string, string>
        {
            ["RESTIC_REPOSITORY"] = plan.Settings.Backups.ResticRepository(plan.Stack),
            ["RESTIC_PASSWORD"] = password,
            ["AWS_ACCESS_KEY_ID"] = S3Server.Credential,
            ["AWS_SECRET_ACCESS_KEY"] = S3Server.Credential,
            ["AWS_DEFAULT_REGION"] = plan.Settings.Backups.S3Region,
            ["SSL_CERT_FILE"] = Server.CaFile,
        });

    /// <summary>The dump snapshots of the stack in the bucket (<c>restic snapshots --json</c>), oldest first.</summary>
    public IReadOnlyList<JsonNode> DumpSnapshots(Plan plan, string password)
    {
        var result = Restic(plan, password, "snapshots", "--json", "--host", plan.Stack, "--tag", BackupScript.DumpTag);
        // Before the first backup the repository does not exist yet: no snapshot.
        if (result.ExitCode != 0 && Server.Keys(plan.Stack).Count == 0)
        {
            return [];
        }

        return result.ExitCode == 0
            ? [.. JsonNode.Parse(result.Stdout)!.AsArray().Select(s => s!)]
            : throw new InvalidOperationException($"restic snapshots on {plan.Settings.Backups.ResticRepository(plan.Stack)} failed: {result.Output}");
    }

    /// <summary>
    /// Corrupts every pack file of the stack's repository in the bucket (every byte inverted but the trailing header
    /// length, so sizes and the index still agree and only reading the data can tell); disposing puts the originals back.
    /// </summary>
    public IDisposable CorruptPacks(Plan plan)
    {
        var packs = Server.Keys($"{plan.Stack}/data").Select(k => Server.Dir.File(Path.Combine("data", Server.Bucket, k + "._S3rver_object"))).ToList();
        if (packs.Count == 0)
        {
            throw new InvalidOperationException($"the bucket {Server.Bucket} holds no pack under {plan.Stack}/data: nothing to corrupt");
        }

        var originals = packs.ToDictionary(p => p, File.ReadAllBytes);
        foreach (var (path, bytes) in originals)
        {
            var corrupt = (byte[])bytes.Clone();
            for (var i = 0; i < corrupt.Length - 4; i++)
            {
                corrupt[i] ^= 0xFF;
            }

            File.WriteAllBytes(path, corrupt);
        }

        return new Restore(originals);
    }

    /// <inheritdoc />
    public void Dispose() => Server.Dispose();

    private sealed class Restore(Dictionary<string, byte[]> originals) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (path, bytes) in originals)
            {
                File.WriteAllBytes(path, bytes);
            }
        }
    }
}
