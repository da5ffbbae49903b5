using System.Globalization;

namespace Infra.Blueprint.Settings;

// The app's other process types, one string each like the hosts (Pulumi's project config schema declares arrays of
// scalars, not of objects): "queue replicas=2 stopGraceSeconds=30 -- worker" and "cleanup 0 3 * * * timeoutSeconds=600 -- cleanup".
public sealed partial class SettingsReader
{
    private const int DefaultWorkerStopGraceSeconds = 30;
    private const int DefaultScheduleTimeoutSeconds = 3600;

    private IReadOnlyList<WorkerSettings> ReadWorkers()
    {
        var key = ConfigKeys.AppWorkers;
        var workers = new List<WorkerSettings>();
        var entries = List(key);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{key.FullName}[{i}]";
            if (!SplitProcess(path, entries[i], "\"queue replicas=2 stopGraceSeconds=30 -- worker\"", out var head, out var command))
            {
                continue;
            }

            var replicas = 1;
            var stopGrace = DefaultWorkerStopGraceSeconds;
            foreach (var (field, value) in Fields(path, head.Skip(1), ["replicas", "stopGraceSeconds"]))
            {
                if (field == "replicas")
                {
                    replicas = Whole($"{path}.replicas", value, 1, 50, replicas);
                }
                else
                {
                    stopGrace = Whole($"{path}.stopGraceSeconds", value, 1, 3600, stopGrace);
                }
            }

            if (Unique(path, head[0], workers.Select(w => w.Name)))
            {
                workers.Add(new WorkerSettings(head[0], command, replicas, stopGrace));
            }
        }

        return workers;
    }

    private IReadOnlyList<ScheduleSettings> ReadSchedules()
    {
        var key = ConfigKeys.AppSchedules;
        var schedules = new List<ScheduleSettings>();
        var entries = List(key);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{key.FullName}[{i}]";
            const string example = "\"cleanup 30 3 * * * timeoutSeconds=600 -- cleanup\"";
            if (!SplitProcess(path, entries[i], example, out var head, out var command))
            {
                continue;
            }

            var cronFields = head.Skip(1).TakeWhile(w => !w.Contains('=')).ToList();
            CronSchedule? schedule = null;
            if (!CronSchedule.TryParse(string.Join(' ', cronFields), out schedule, out var problem))
            {
                Error($"{path}.schedule", $"{problem}; write {example}");
            }
            else if (schedule!.RestrictsDayOfMonthAndDayOfWeek)
            {
                Error($"{path}.schedule", $"'{schedule}' restricts both day of month and day of week, which cron ORs and the systemd timer would AND; restrict only one (use * for the other)");
            }

            var timeout = DefaultScheduleTimeoutSeconds;
            foreach (var (_, value) in Fields(path, head.Skip(1 + cronFields.Count), ["timeoutSeconds"]))
            {
                timeout = Whole($"{path}.timeoutSeconds", value, 10, 86_400, timeout);
            }

            if (Unique(path, head[0], schedules.Select(s => s.Name)) && schedule is not null)
            {
                schedules.Add(new ScheduleSettings(head[0], schedule, command, timeout));
            }
        }

        return schedules;
    }

    // "<name> <fields…> -- <command…>": the name a DNS label, the command at least one word.
    private bool SplitProcess(string path, string entry, string example, out string[] head, out IReadOnlyList<string> command)
    {
        var words = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var separator = Array.IndexOf(words, "--");
        head = separator > 0 ? words[..separator] : [];
        command = separator > 0 ? words[(separator + 1)..] : [];
        if (separator <= 0 || command.Count == 0)
        {
            Error(path, $"'{entry}' is not \"<name> … -- <command>\"; write {example}");
            return false;
        }

        if (!LabelPattern().IsMatch(head[0]) || head[0].Length > 40)
        {
            Error($"{path}.name", $"'{head[0]}' is not a name; use lower-case letters, digits and '-' (at most 40), e.g. queue");
            return false;
        }

        return true;
    }

    private IEnumerable<(string Field, string Value)> Fields(string path, IEnumerable<string> words, string[] known)
    {
        foreach (var word in words)
        {
            var separator = word.IndexOf('=');
            var field = separator > 0 ? word[..separator] : word;
            if (separator <= 0 || !known.Contains(field))
            {
                Error($"{path}.{field}", $"'{word}' is not a known field; use {string.Join(", ", known.Select(k => k + "=…"))}");
                continue;
            }

            yield return (field, word[(separator + 1)..]);
        }
    }

    private int Whole(string path, string text, int min, int max, int fallback)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(path, $"expected a whole number between {min} and {max} (got '{text}')");
        return fallback;
    }

    private bool Unique(string path, string name, IEnumerable<string> earlier)
    {
        if (earlier.Contains(name, StringComparer.Ordinal))
        {
            Error($"{path}.name", $"'{name}' is used by another entry; names must be unique");
            return false;
        }

        return true;
    }
}
