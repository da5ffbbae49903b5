using Infra.Blueprint.Platform;
using Infra.Contract;

namespace Infra.Blueprint.Tests.Data;

public sealed class PgBouncerTests
{
    [Theory]
    [InlineData("prod", "verify-full", true)]
    [InlineData("staging", "disable", false)]
    public void TheAppUsesTlsToPgBouncerExactlyWhenItSitsOnOtherHosts(string stack, string sslMode, bool certificate)
    {
        var plan = Plans.Of(stack);

        Assert.All(plan.Services.Where(s => s.Name.StartsWith("app-", StringComparison.Ordinal)), s => Assert.Equal(sslMode, s.Environment[AppContract.Env.PostgresSslMode]));
        Assert.Equal(certificate, plan.Certificates.Any(c => c.Issuer == CertificateIssuer.InternalCa));
        Assert.Equal(certificate, plan.Configs.Single(c => c.Key == "pgbouncer.ini").Content.Contains("client_tls_sslmode = require", StringComparison.Ordinal));
    }

    [Fact]
    public void TheInternalCaOutlivesEveryCertificateItSignsAndRenewsThemEarly()
    {
        var issued = Plans.Of("prod").Certificates.Where(c => c.Issuer == CertificateIssuer.InternalCa).ToList();

        Assert.NotEmpty(issued);
        Assert.All(issued, c => Assert.True(
            c.ValidityDays + CertificateSpec.InternalRenewBeforeDays < CertificateSpec.InternalCaValidityDays,
            $"certificate {c.Name} ({c.ValidityDays} days) could outlive the internal CA ({CertificateSpec.InternalCaValidityDays} days)"));
        Assert.All(issued, c => Assert.True(CertificateSpec.InternalRenewBeforeDays < c.ValidityDays / 2, $"certificate {c.Name} would renew on nearly every pulumi up"));
    }
}
