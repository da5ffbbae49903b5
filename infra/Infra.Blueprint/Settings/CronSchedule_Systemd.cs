using System.Globalization;

namespace Infra.Blueprint.Settings;

// The same schedule as a systemd calendar event, for the timers that start scheduled tasks. Every field is expanded
// to its explicit values (systemd has no cron steps over ranges), so the timer fires at exactly the cron times.
public sealed partial record CronSchedule
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>
    /// Whether both day of month and day of week are restricted: cron then runs when <em>either</em> matches, a systemd
    /// calendar event only when both do, so such a schedule cannot be a timer.
    /// </summary>
    public bool RestrictsDayOfMonthAndDayOfWeek => Part(2) != "*" && Part(4) != "*";

    /// <summary>The systemd <c>OnCalendar=</c> value of the schedule, in UTC, e.g. <c>*-*-* 03:00:00 UTC</c>.</summary>
    public string OnCalendar
    {
        get
        {
            var minutes = Expand(0);
            var hours = Expand(1);
            var days = Expand(2);
            var months = Expand(3);
            var weekdays = Part(4) == "*" ? "" : string.Join(',', Values(4).Select(d => DayNames[d]).Distinct()) + " ";
            return $"{weekdays}*-{months}-{days} {hours}:{minutes}:00 UTC";
        }
    }

    private string Part(int index) => Expression.Split(' ')[index];

    private string Expand(int index) =>
        Part(index) == "*" ? "*" : string.Join(',', Values(index).Select(v => v.ToString("D2", CultureInfo.InvariantCulture)));

    private IEnumerable<int> Values(int index)
    {
        var (_, min, max) = Fields[index];
        var values = new SortedSet<int>();
        foreach (var item in Part(index).Split(','))
        {
            var stepParts = item.Split('/');
            var step = stepParts.Length == 2 ? int.Parse(stepParts[1], CultureInfo.InvariantCulture) : 1;
            var bounds = stepParts[0].Split('-');
            var (from, to) = stepParts[0] == "*" ? (min, max)
                : bounds.Length == 2 ? (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[1], CultureInfo.InvariantCulture))
                : (int.Parse(bounds[0], CultureInfo.InvariantCulture), stepParts.Length == 2 ? max : int.Parse(bounds[0], CultureInfo.InvariantCulture));
            for (var v = from; v <= to; v += step)
            {
                values.Add(v);
            }
        }

        return values;
    }
}
