namespace Infra.Blueprint.Settings;

/// <summary>A five-field cron expression (minute hour day-of-month month day-of-week), validated.</summary>
/// <param name="Expression">The expression as written, e.g. <c>0 3 * * *</c>.</param>
public sealed partial record CronSchedule(string Expression)
{
    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7),
    ];

    /// <inheritdoc />
    public override string ToString() => Expression;

    /// <summary>Parses an expression, or explains what is wrong with it.</summary>
    public static bool TryParse(string text, out CronSchedule? schedule, out string problem)
    {
        schedule = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            problem = $"'{text}' has {parts.Length} fields; a schedule has 5: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'";
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var (name, min, max) = Fields[i];
            if (!FieldIsValid(parts[i], min, max))
            {
                problem = $"'{text}': the {name} field '{parts[i]}' is not valid; use *, a number {min}-{max}, a range a-b, a list a,b or a step */n";
                return false;
            }
        }

        schedule = new CronSchedule(string.Join(' ', parts));
        problem = "";
        return true;
    }

    /// <summary>
    /// The longest time between two consecutive runs (cron's rule: when both day fields are restricted, a day matches
    /// either), over eight calendar years from 2024, which holds every leap-year and weekday pattern; null when the
    /// schedule never runs (e.g. <c>0 0 31 2 *</c>). Alerts on a job's age derive their threshold from it.
    /// </summary>
    public TimeSpan? LongestGap()
    {
        var parts = Expression.Split(' ');
        var minutes = Values(parts[0], 0, 59);
        var hours = Values(parts[1], 0, 23);
        var daysOfMonth = Values(parts[2], 1, 31);
        var months = Values(parts[3], 1, 12);
        var daysOfWeek = Values(parts[4], 0, 7).Select(d => d % 7).ToHashSet();
        var domStar = parts[2].StartsWith('*');
        var dowStar = parts[4].StartsWith('*');

        var times = hours.SelectMany(h => minutes.Select(m => TimeSpan.FromMinutes((h * 60) + m))).Order().ToList();
        var withinDay = times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();

        TimeSpan? longest = null;
        DateTime? last = null;
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var day = start; day < start.AddYears(8); day = day.AddDays(1))
        {
            var dom = daysOfMonth.Contains(day.Day);
            var dow = daysOfWeek.Contains((int)day.DayOfWeek);
            if (!months.Contains(day.Month) || !(domStar || dowStar ? dom && dow : dom || dow))
            {
                continue;
            }

            var gap = last is { } previous ? day + times[0] - previous : withinDay;
            longest = longest is { } l && l >= gap ? l : gap;
            longest = withinDay > longest ? withinDay : longest;
            last = day + times[^1];
        }

        // Once in eight years (or only within one day): no gap to measure inside the window, so the window itself.
        return last is null ? null : longest is { } found && found > TimeSpan.Zero ? found : TimeSpan.FromDays(8 * 365);
    }

    private static HashSet<int> Values(string field, int min, int max) =>
        field.Split(',').SelectMany(item =>
        {
            var stepParts = item.Split('/');
            var step = stepParts.Length == 2 ? int.Parse(stepParts[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            var bounds = stepParts[0] == "*" ? [min, max] : stepParts[0].Split('-').Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            // "a/n" runs from a to the field's end.
            var (from, to) = (bounds[0], bounds.Length == 2 ? bounds[1] : stepParts.Length == 2 ? max : bounds[0]);

            return Enumerable.Range(from, to - from + 1).Where(v => (v - from) % step == 0);
        }).ToHashSet();

    private static bool FieldIsValid(string field, int min, int max) =>
        field.Split(',').All(item =>
        {
            var stepParts = item.Split('/');
            if (stepParts.Length > 2 || (stepParts.Length == 2 && !(int.TryParse(stepParts[1], out var step) && step >= 1 && step <= max)))
            {
                return false;
            }

            var range = stepParts[0];
            if (range == "*")
            {
                return true;
            }

            var bounds = range.Split('-');
            return bounds.Length switch
            {
                1 => InRange(bounds[0], min, max),
                2 => InRange(bounds[0], min, max) && InRange(bounds[1], min, max) && int.Parse(bounds[0]) <= int.Parse(bounds[1]),
                _ => false,
            };
        });

    private static bool InRange(string text, int min, int max) =>
        text.All(char.IsAsciiDigit) && int.TryParse(text, out var value) && value >= min && value <= max;
}
