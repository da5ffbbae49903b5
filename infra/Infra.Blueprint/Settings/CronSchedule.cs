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
