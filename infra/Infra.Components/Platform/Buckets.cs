using Pulumi;
using Pulumi.Cloudflare;

namespace Infra.Components.Platform;

/// <summary>
/// The object-storage buckets the stack declares (Cloudflare R2) for the offsite backups. A protected bucket
/// (production) survives <c>pulumi destroy</c> and is retained if dropped from the program: the backups outlive the stack.
/// Needs a Cloudflare API token with R2 edit permission.
/// </summary>
public sealed class Buckets : ComponentResource
{
    /// <summary>Each bucket by name.</summary>
    public IReadOnlyDictionary<string, R2Bucket> ByName { get; }

    /// <summary>The protection each bucket was declared with, in plan order.</summary>
    public IReadOnlyList<ProtectionOptions> Protection { get; }

    /// <summary>Declares every bucket of <see cref="BucketsArgs.Specs"/>.</summary>
    public Buckets(string name, BucketsArgs args, ComponentResourceOptions? options = null)
        : base("infra:platform:Buckets", name, options)
    {
        var buckets = new Dictionary<string, R2Bucket>();
        var protection = new List<ProtectionOptions>();
        foreach (var spec in args.Specs)
        {
            var opts = new CustomResourceOptions { Parent = this, Protect = spec.Protected, RetainOnDelete = spec.Protected };
            buckets[spec.Name] = new R2Bucket($"{name}-{spec.Name}", new R2BucketArgs
            {
                AccountId = spec.AccountId,
                Name = spec.Name,
            }, opts);
            protection.Add(new ProtectionOptions(spec.Name, spec.AccountId, opts.Protect ?? false, opts.RetainOnDelete ?? false));
        }

        ByName = buckets;
        Protection = protection;

        RegisterOutputs();
    }
}
