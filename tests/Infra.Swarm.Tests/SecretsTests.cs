using System.Text;

namespace Infra.Swarm.Tests;

/// <summary>Secrets reach each task as files with the planned owner and mode, and nowhere else.</summary>
[Collection(SwarmCollection.Name)]
public sealed class SecretsTests(SwarmFixture fixture)
{
    [Fact]
    public async Task EverySecretIsAFileWithThePlannedOwnerAndMode()
    {
        foreach (var service in fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name) && s.Secrets.Count > 0))
        {
            var container = await fixture.Container(service.Name);
            var paths = service.Secrets.Select(m => $"/run/secrets/{m.FileName}").ToList();
            // One exec per task (each costs a docker exec in the node): per file its owner, group and mode, then its
            // content in base64 on one line.
            var lines = fixture.Node.ExecIn(container, ["sh", "-c", "for p; do stat -c '%u %g %a' \"$p\" && base64 -w0 \"$p\" && echo; done", "sh", .. paths], user: "0")
                .Stdout.Split('\n');
            foreach (var (mount, i) in service.Secrets.Select((m, i) => (m, i)))
            {
                var path = paths[i];
                var stat = lines.ElementAtOrDefault(2 * i)?.Trim();
                var mode = Convert.ToString(mount.Mode, 8);
                Assert.True(stat == $"{mount.Uid} {mount.Gid} {mode}", $"service {service.Name}: {path} is '{stat}' (uid gid mode), planned '{mount.Uid} {mount.Gid} {mode}'");
                var content = Encoding.UTF8.GetString(Convert.FromBase64String(lines[(2 * i) + 1].Trim()));
                Assert.True(content == fixture.SecretValues[mount.Secret], $"service {service.Name}: {path} does not hold the secret {mount.Secret}");
            }
        }
    }

    [Fact]
    public async Task NoSecretValueAppearsInServiceInspectOrTheEnvironment()
    {
        var services = fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name)).Select(s => s.Name).ToList();
        var inspect = fixture.Node.Exec(["docker", "service", "inspect", .. services]).Stdout;
        var secrets = fixture.SecretValues.Where(v => v.Value.Length >= 16).ToList();
        foreach (var (name, value) in secrets)
        {
            Assert.False(inspect.Contains(value, StringComparison.Ordinal), $"docker service inspect of {string.Join(", ", services)} shows the value of the secret {name}");
        }

        foreach (var service in services)
        {
            var environment = fixture.Node.ExecIn(await fixture.Container(service), ["env"], user: "0").Stdout;
            foreach (var (name, value) in secrets)
            {
                Assert.False(environment.Contains(value, StringComparison.Ordinal), $"the environment of {service} holds the value of the secret {name}");
            }
        }
    }
}
