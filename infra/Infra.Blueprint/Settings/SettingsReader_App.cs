using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Contract;

namespace Infra.Blueprint.Settings;

// The app's settings: image, health, environment, promotion.
public sealed partial class SettingsReader
{
    private AppSettings ReadApp()
    {
        var imageText = Text(ConfigKeys.AppImage);
        ImageReference? image = null;
        if (imageText.Length > 0 && !ImageReference.TryParse(imageText, out image, out var problem))
        {
            Error(ConfigKeys.AppImage.FullName, problem);
        }

        var healthPath = Text(ConfigKeys.AppHealthPath);
        if (healthPath.Length > 0 && !PathPattern().IsMatch(healthPath))
        {
            Error(ConfigKeys.AppHealthPath.FullName, $"'{healthPath}' is not an absolute URL path; use the path of the app that answers 200 once it has been ready, such as '{AppContract.Paths.Started}'");
        }

        var readyPath = Text(ConfigKeys.AppReadyPath);
        if (readyPath.Length > 0 && !PathPattern().IsMatch(readyPath))
        {
            Error(ConfigKeys.AppReadyPath.FullName, $"'{readyPath}' is not an absolute URL path; use the app's readiness path, such as '{AppContract.Paths.Ready}'");
        }

        var probePath = Text(ConfigKeys.AppProbePath);
        if (probePath.Length > 0 && !PathPattern().IsMatch(probePath))
        {
            Error(ConfigKeys.AppProbePath.FullName, $"'{probePath}' is not an absolute URL path; use a path of the app that reads its database, such as '/api/tasks'");
        }

        var cpusText = Text(ConfigKeys.AppCpus);
        decimal cpus = 0;
        if (cpusText.Length > 0
            && !(decimal.TryParse(cpusText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cpus) && cpus >= 0.05m && cpus <= 64))
        {
            Error(ConfigKeys.AppCpus.FullName, $"expected a number of CPUs between 0.05 and 64 such as \"0.5\" (got '{cpusText}')");
        }

        var corsOrigins = List(ConfigKeys.AppCorsOrigins);
        for (var i = 0; i < corsOrigins.Count; i++)
        {
            if (!(Uri.TryCreate(corsOrigins[i], UriKind.Absolute, out var origin) && origin.Scheme is "https" or "http" && origin.AbsolutePath == "/" && !corsOrigins[i].EndsWith('/')))
            {
                Error($"{ConfigKeys.AppCorsOrigins.FullName}[{i}]", $"'{corsOrigins[i]}' is not an origin; use scheme://host[:port] with no path, e.g. https://app.example.com");
            }
        }

        return new AppSettings(
            image ?? new ImageReference("invalid", "invalid", "sha256:" + new string('0', 64)),
            Int(ConfigKeys.AppReplicas, 1, 50),
            Int(ConfigKeys.AppPort, 1, 65535),
            healthPath,
            readyPath,
            ReadHealthcheck(),
            ReadEnvironment(),
            cpus,
            Int(ConfigKeys.AppMemoryMb, 64, 262_144),
            Int(ConfigKeys.AppDrainSeconds, 0, 300),
            corsOrigins,
            PromoteFrom(),
            probePath)
        {
            Workers = ReadWorkers(),
            Schedules = ReadSchedules(),
        };
    }

    private string PromoteFrom()
    {
        var value = Text(ConfigKeys.AppPromoteFrom, required: false);
        if (value.Length > 0 && !StackNamePattern().IsMatch(value))
        {
            Error(ConfigKeys.AppPromoteFrom.FullName, $"'{value}' is not a stack name; use <stack>, <project>/<stack> or <organization>/<project>/<stack>, e.g. acme/infra/staging");
        }

        return value;
    }

    private IReadOnlyList<string> ReadHealthcheck()
    {
        var key = ConfigKeys.AppHealthcheck;
        var test = List(key);
        var valid = test.Count switch
        {
            0 => false,
            _ when test[0] == "CMD" => test.Count >= 2,
            _ when test[0] == "CMD-SHELL" => test.Count == 2,
            _ => false,
        };
        if (!valid)
        {
            Error(key.FullName, "expected a Docker healthcheck test: [CMD, program, args…] or [CMD-SHELL, \"command\"], e.g. [CMD, curl, -fsS, \"http://127.0.0.1:{port}{path}\"]");
        }

        return test;
    }

    private IReadOnlyDictionary<string, string> ReadEnvironment()
    {
        var key = ConfigKeys.AppEnvironment;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var entries = List(key);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{key.FullName}[{i}]";
            var separator = entries[i].IndexOf('=');
            if (separator <= 0)
            {
                Error(path, $"'{entries[i]}' is not NAME=value");
                continue;
            }

            var name = entries[i][..separator];
            if (!EnvNamePattern().IsMatch(name))
            {
                Error(path, $"'{name}' is not a valid variable name; use upper-case letters, digits and '_'");
            }
            else if (Infra.Contract.AppContract.Env.All.Contains(name))
            {
                Error(path, $"{name} is set by the platform (see app/CONTRACT.md); remove it from {key.FullName}");
            }
            else if (CredentialNamePattern().IsMatch(name))
            {
                Error(path, $"{name} looks like a credential; credentials reach services only as Swarm secrets: declare it in {ConfigKeys.AppSecrets.FullName} and set it with: pulumi config set --secret {ConfigKeys.AppSecret(name).FullName} <value>");
            }
            else if (CredentialLike(entries[i][(separator + 1)..]) is { } looksLike)
            {
                Error(path, $"the value of {name} looks like {looksLike}; declare it in {ConfigKeys.AppSecrets.FullName} and set it with: pulumi config set --secret {ConfigKeys.AppSecret(name).FullName} <value>");
            }
            else if (!result.TryAdd(name, entries[i][(separator + 1)..]))
            {
                Error(path, $"{name} is set twice; keep one entry");
            }
        }

        return result;
    }
}
