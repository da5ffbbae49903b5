using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Policies;

/// <summary>
/// The platform's invariants, checked on every plan before anything is declared. A violation is a bug
/// in the blueprint (settings validation should have caught the user's mistake), so the program stops.
/// </summary>
public static class PlanPolicies
{
    /// <summary>Every violation, one line each, naming the resource and the rule.</summary>
    public static IReadOnlyList<string> Violations(Plan plan)
    {
        var violations = new List<string>();
        var secretNames = plan.Secrets.Select(s => s.Name).ToHashSet();
        var configKeys = plan.Configs.Select(c => c.Key).ToHashSet();
        // Certificates are configs too, with content Pulumi supplies.
        configKeys.UnionWith(plan.Certificates.Select(c => c.ConfigKey));
        if (plan.Certificates.Any(c => c.Issuer == CertificateIssuer.InternalCa))
        {
            configKeys.Add(CertificateSpec.InternalCaConfigKey);
        }

        var volumes = plan.Volumes.ToDictionary(v => v.Name);

        foreach (var service in plan.Services)
        {
            if (service.Ports.Count > 0 && !plan.Layout.EdgeServices.Values.Contains(service.Name))
            {
                violations.Add($"service {service.Name}: only the edge publishes ports");
            }

            if (service.Healthcheck.Test.Count < 2)
            {
                violations.Add($"service {service.Name}: has no healthcheck");
            }

            if (!service.Image.Contains("@sha256:", StringComparison.Ordinal))
            {
                violations.Add($"service {service.Name}: image {service.Image} is not pinned by digest");
            }

            foreach (var (name, value) in service.Environment)
            {
                if (plan.Secrets.Any(s => s.Kind == SecretKind.Password && value.Contains(s.Name, StringComparison.Ordinal) && !value.StartsWith(AppContract.Secrets.PathOf(""), StringComparison.Ordinal)))
                {
                    violations.Add($"service {service.Name}: environment {name} carries a credential; credentials reach services only as secrets");
                }
            }

            violations.AddRange(service.Secrets.Where(m => !secretNames.Contains(m.Secret)).Select(m => $"service {service.Name}: mounts unknown secret {m.Secret}"));
            violations.AddRange(service.Configs.Where(m => !configKeys.Contains(m.Key)).Select(m => $"service {service.Name}: mounts unknown config {m.Key}"));
            foreach (var mount in service.Volumes)
            {
                if (!volumes.TryGetValue(mount.Volume, out var volume))
                {
                    violations.Add($"service {service.Name}: mounts unknown volume {mount.Volume}");
                }
                else if (volume.Stateful && (!service.Stateful || service.Update.Order != UpdateOrder.StopFirst || service.Global || service.Replicas != 1))
                {
                    violations.Add($"service {service.Name}: a stateful volume needs exactly one task updated stop-first");
                }
            }

            // Host-mode ports bind on the node itself: a second task there cannot start before the first stops (the edge).
            if (!service.Stateful && !service.Global && !service.Ports.Any(p => p.HostMode) && service.Update.Order != UpdateOrder.StartFirst)
            {
                violations.Add($"service {service.Name}: a stateless replicated service updates start-first for zero downtime");
            }

            if (!service.Update.RollbackOnFailure)
            {
                violations.Add($"service {service.Name}: does not roll back on failure");
            }
        }

        var appReplicas = plan.Services.Count(s => plan.Layout.AppReplicas.Contains(s.Name));
        if (plan.Settings.Production && appReplicas < 2)
        {
            violations.Add($"production runs {appReplicas} app replica(s); at least 2 are needed");
        }

        if (plan.Settings.Production)
        {
            violations.AddRange(plan.Volumes.Where(v => v.Stateful && !v.Protected).Select(v => $"volume {v.Name}: stateful volumes are protected in production"));
        }

        return violations;
    }

    /// <summary>Throws when the plan breaks an invariant.</summary>
    public static Plan Enforce(Plan plan)
    {
        var violations = Violations(plan);
        return violations.Count == 0
            ? plan
            : throw new InvalidOperationException($"the plan of stack '{plan.Stack}' breaks {violations.Count} platform polic{(violations.Count == 1 ? "y" : "ies")}:\n  " + string.Join("\n  ", violations));
    }
}
