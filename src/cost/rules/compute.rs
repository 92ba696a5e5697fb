//! Compute: EC2 instances and their volumes, Auto Scaling groups, Elastic Beanstalk, ECS on
//! Fargate, EKS, Lambda.

// Every rule has the `Rule` signature, whether or not it can fail.
#![allow(clippy::unnecessary_wraps)]

use rust_decimal::Decimal;

use super::{Cx, Query, Select, q, whole};
use crate::cfn::Node;
use crate::cost::Range;
use crate::cost::eval::V;

const EC2: &str = "AmazonEC2";

/// What an instance runs as, from the instance or its launch template.
struct Machine {
    instance_type: String,
    tenancy: &'static str,
}

fn ec2_query(m: &Machine) -> Query<'static> {
    q(
        EC2,
        "Compute Instance",
        &[
            ("instanceType", &m.instance_type),
            ("tenancy", m.tenancy),
            ("operatingSystem", "Linux"),
            ("preInstalledSw", "NA"),
            ("capacitystatus", "Used"),
            ("marketoption", "OnDemand"),
        ],
    )
}

fn tenancy(text: Option<&str>) -> Result<&'static str, String> {
    match text.unwrap_or("default") {
        "default" => Ok("Shared"),
        "dedicated" => Ok("Dedicated"),
        "host" => Ok("Host"),
        other => Err(format!(
            "tenancy `{other}` is not default, dedicated or host"
        )),
    }
}

/// The launch template a `LaunchTemplate` specification names, if it is in the template.
fn launch_template<'a>(cx: &Cx<'a, '_>, spec: &V<'a>) -> Result<Option<&'a Node>, String> {
    for key in ["LaunchTemplateId", "LaunchTemplateName"] {
        let v = cx.eval.field(spec, key);
        if matches!(v, V::Absent) {
            continue;
        }
        if let Some(id) = crate::cost::eval::Eval::resource_named(&v)
            && let Some(res) = cx.resource(id)
            && res.type_name() == "AWS::EC2::LaunchTemplate"
        {
            return Ok(res.attribute("Properties"));
        }
        let name = cx.eval.text(&v).ok().flatten();
        if let Some(name) = name
            && let Some(res) = cx.eval.template().resources().find(|r| {
                r.type_name() == "AWS::EC2::LaunchTemplate"
                    && r.attribute("Properties").is_some_and(|p| {
                        cx.eval
                            .text_at(p, &["LaunchTemplateName"])
                            .ok()
                            .flatten()
                            .as_deref()
                            == Some(name.as_str())
                    })
            })
        {
            return Ok(res.attribute("Properties"));
        }
        return Err(format!(
            "the launch template ({key}) is not in this template"
        ));
    }
    Ok(None)
}

/// Prices the machine and volumes of a launch template's data (or of an instance's own
/// properties), `count` of them.
fn machine_from<'a>(
    cx: &mut Cx<'a, '_>,
    data: &V<'a>,
    default_type: Option<&str>,
    count: Range,
) -> Result<(), String> {
    let eval = cx.eval;
    let instance_type = match eval.text(&eval.field(data, "InstanceType")) {
        Ok(Some(t)) => t,
        Ok(None) => match default_type {
            Some(t) => {
                cx.note(format!("InstanceType not set: CloudFormation launches {t}"));
                t.to_owned()
            }
            None => return Err("the launch template sets no InstanceType".into()),
        },
        Err(r) => return Err(format!("InstanceType: {r}")),
    };
    let placement = eval.field(data, "Placement");
    let ten = eval
        .text(&eval.field(data, "Tenancy"))
        .ok()
        .flatten()
        .or_else(|| eval.text(&eval.field(&placement, "Tenancy")).ok().flatten())
        .or_else(|| {
            eval.text(&eval.field(data, "PlacementTenancy"))
                .ok()
                .flatten()
        });
    let machine = Machine {
        tenancy: tenancy(ten.as_deref())?,
        instance_type,
    };
    cx.note("Linux assumed: the AMI decides the operating system");
    cx.hours(
        format!(
            "{} instance ({}) hours",
            machine.instance_type,
            machine.tenancy.to_lowercase()
        ),
        ec2_query(&machine),
        count,
    );
    let mappings = eval.items(&eval.field(data, "BlockDeviceMappings"))?;
    if mappings.is_empty() {
        cx.unknown(
            "root volume",
            "GB-month",
            "its size and type are set by the AMI; give BlockDeviceMappings to price it",
        );
    }
    for m in &mappings {
        let device = eval
            .text(&eval.field(m, "DeviceName"))
            .ok()
            .flatten()
            .unwrap_or_else(|| "volume".into());
        let ebs = eval.field(m, "Ebs");
        if matches!(ebs, V::Absent) {
            continue;
        }
        ebs_volume(cx, &device, &ebs, count)?;
    }
    Ok(())
}

/// An EBS volume's components, `count` of them.
fn ebs_volume<'a>(
    cx: &mut Cx<'a, '_>,
    name: &str,
    ebs: &V<'a>,
    count: Range,
) -> Result<(), String> {
    let eval = cx.eval;
    let kind = if let Some(k) = eval.text(&eval.field(ebs, "VolumeType"))? {
        k
    } else {
        cx.note(format!("{name}: VolumeType not set, gp2 assumed"));
        "gp2".into()
    };
    let Some(size) = eval.number(&eval.field(ebs, "VolumeSize"))? else {
        cx.unknown(
            format!("{name} ({kind})"),
            "GB-month",
            "its size comes from the snapshot or AMI",
        );
        return Ok(());
    };
    let gb = count.times(size);
    cx.fixed(
        format!("{name} {kind} storage"),
        "GB-month",
        q(EC2, "Storage", &[("volumeApiName", &kind)]),
        gb,
    );
    let iops = eval.number(&eval.field(ebs, "Iops"))?;
    match kind.as_str() {
        "gp3" => {
            let iops = iops.unwrap_or(Decimal::from(3000));
            if iops > Decimal::from(3000) {
                cx.fixed(
                    format!("{name} gp3 IOPS above 3,000"),
                    "IOPS-month",
                    q(EC2, "System Operation", &[("volumeApiName", "gp3")]),
                    count.times(iops - Decimal::from(3000)),
                );
            }
            let throughput = eval
                .number(&eval.field(ebs, "Throughput"))?
                .unwrap_or(Decimal::from(125));
            if throughput > Decimal::from(125) {
                cx.fixed(
                    format!("{name} gp3 throughput above 125 MiB/s"),
                    "MiB/s-month",
                    q(EC2, "Provisioned Throughput", &[("volumeApiName", "gp3")]),
                    count.times(throughput - Decimal::from(125)),
                );
            }
        }
        "io1" | "io2" => match iops {
            Some(iops) => cx.fixed(
                format!("{name} {kind} provisioned IOPS"),
                "IOPS-month",
                q(EC2, "System Operation", &[("volumeApiName", &kind)]),
                count.times(iops),
            ),
            None => return Err(format!("{name}: an {kind} volume needs Iops")),
        },
        _ => {}
    }
    Ok(())
}

/// `AWS::EC2::Instance`.
pub(super) fn instance(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let props = cx.prop(&[]);
    let spec = cx.prop(&["LaunchTemplate"]);
    let from_template = launch_template(cx, &spec)?;
    let own_type = cx.text(&["InstanceType"])?;
    let data = match (own_type, from_template) {
        (None, Some(lt)) => cx.eval.path(lt, &["LaunchTemplateData"]),
        _ => props.clone(),
    };
    machine_from(cx, &data, Some("m1.small"), Range::exact(Decimal::ONE))?;
    if public_address(cx)? {
        cx.hours(
            "public IPv4 address",
            q(
                "AmazonVPC",
                "IP Address",
                &[("usagetype", "PublicIPv4:InUseAddress")],
            ),
            Range::exact(Decimal::ONE),
        );
    }
    Ok(())
}

/// Whether an instance gets a public IPv4 address: asked for on its interface, or given by its
/// subnet's `MapPublicIpOnLaunch`.
fn public_address(cx: &Cx<'_, '_>) -> Result<bool, String> {
    let eval = cx.eval;
    for nic in eval.items(&cx.prop(&["NetworkInterfaces"]))? {
        if let Some(asked) = eval.boolean(&eval.field(&nic, "AssociatePublicIpAddress"))? {
            return Ok(asked);
        }
    }
    let subnet = cx.prop(&["SubnetId"]);
    if let Some(id) = crate::cost::eval::Eval::resource_named(&subnet)
        && let Some(res) = cx.resource(id)
        && let Some(p) = res.attribute("Properties")
    {
        return Ok(eval.bool_at(p, &["MapPublicIpOnLaunch"])?.unwrap_or(false));
    }
    Ok(false)
}

/// `AWS::EC2::Volume`.
pub(super) fn volume(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let props = cx.prop(&[]);
    ebs_volume(cx, "volume", &props, Range::exact(Decimal::ONE))
}

/// `AWS::AutoScaling::AutoScalingGroup`: its instances, `DesiredCapacity` of them, else the
/// range from `MinSize` to `MaxSize`.
pub(super) fn auto_scaling_group(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let min = cx.number(&["MinSize"])?.ok_or("MinSize is not set")?;
    let max = cx.number(&["MaxSize"])?.ok_or("MaxSize is not set")?;
    let count = if let Some(d) = cx.number(&["DesiredCapacity"])? {
        Range::exact(whole(d, "DesiredCapacity")?)
    } else {
        cx.note("no DesiredCapacity: priced from MinSize to MaxSize");
        Range {
            lo: whole(min, "MinSize")?,
            hi: whole(max, "MaxSize")?,
        }
    };
    let spec = match cx.prop(&["LaunchTemplate"]) {
        V::Absent => cx.prop(&[
            "MixedInstancesPolicy",
            "LaunchTemplate",
            "LaunchTemplateSpecification",
        ]),
        spec => spec,
    };
    if !matches!(spec, V::Absent) {
        let lt = launch_template(cx, &spec)?.ok_or("the group names no launch template")?;
        let data = cx.eval.path(lt, &["LaunchTemplateData"]);
        return machine_from(cx, &data, None, count);
    }
    let lc = cx.prop(&["LaunchConfigurationName"]);
    let Some(id) = crate::cost::eval::Eval::resource_named(&lc) else {
        return Err("its launch template or configuration is not in this template".into());
    };
    let config = cx
        .resource(id)
        .and_then(|r| r.attribute("Properties"))
        .ok_or_else(|| format!("{id} is not in this template"))?;
    let data = cx.eval.value(config);
    machine_from(cx, &data, None, count)
}

/// `AWS::ElasticBeanstalk::Environment`: the instances it runs.
pub(super) fn beanstalk(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let eval = cx.eval;
    let mut instance_type = None;
    let mut min = None;
    let mut max = None;
    let mut single = false;
    for option in eval.items(&cx.prop(&["OptionSettings"]))? {
        let namespace = eval
            .text(&eval.field(&option, "Namespace"))?
            .unwrap_or_default();
        let name = eval
            .text(&eval.field(&option, "OptionName"))?
            .unwrap_or_default();
        let value = eval.field(&option, "Value");
        match (namespace.as_str(), name.as_str()) {
            (
                "aws:autoscaling:launchconfiguration" | "aws:ec2:instances",
                "InstanceType" | "InstanceTypes",
            ) => {
                instance_type = eval
                    .text(&value)?
                    .map(|t| t.split(',').next().unwrap_or_default().trim().to_owned());
            }
            ("aws:autoscaling:asg", "MinSize") => min = eval.number(&value)?,
            ("aws:autoscaling:asg", "MaxSize") => max = eval.number(&value)?,
            ("aws:elasticbeanstalk:environment", "EnvironmentType") => {
                single = eval.text(&value)?.as_deref() == Some("SingleInstance");
            }
            _ => {}
        }
    }
    let Some(instance_type) = instance_type else {
        return Err("no InstanceType option: Elastic Beanstalk picks the instance type".into());
    };
    let count = if single {
        Range::exact(Decimal::ONE)
    } else {
        cx.note("instances priced from the group's MinSize to MaxSize (default 1 to 4)");
        Range {
            lo: whole(min.unwrap_or(Decimal::ONE), "MinSize")?,
            hi: whole(max.unwrap_or(Decimal::from(4)), "MaxSize")?,
        }
    };
    cx.note("Linux assumed: the platform decides the operating system");
    let machine = Machine {
        instance_type,
        tenancy: "Shared",
    };
    cx.hours(
        format!("{} instance hours", machine.instance_type),
        ec2_query(&machine),
        count,
    );
    if !single {
        cx.unknown(
            "load balancer",
            "hours",
            "the load balancer Elastic Beanstalk creates is not priced yet",
        );
    }
    Ok(())
}

/// Fargate CPU (`"256"` units or `"0.25 vCPU"`) in vCPUs.
fn vcpus(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if let Some(v) = t.strip_suffix("vCPU").or_else(|| t.strip_suffix("vcpu")) {
        return v
            .trim()
            .parse()
            .map_err(|_| format!("Cpu `{text}` is not a number"));
    }
    t.parse::<Decimal>()
        .map(|units| units / Decimal::from(1024))
        .map_err(|_| format!("Cpu `{text}` is not a number"))
}

/// Fargate memory (`"512"` MiB or `"1 GB"`) in GB.
fn memory_gb(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if let Some(v) = t.strip_suffix("GB").or_else(|| t.strip_suffix("gb")) {
        return v
            .trim()
            .parse()
            .map_err(|_| format!("Memory `{text}` is not a number"));
    }
    t.parse::<Decimal>()
        .map(|mib| mib / Decimal::from(1024))
        .map_err(|_| format!("Memory `{text}` is not a number"))
}

/// `AWS::ECS::Service` on Fargate: task CPU and memory times the desired count.
pub(super) fn ecs_service(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let eval = cx.eval;
    let launch = cx.text(&["LaunchType"])?;
    let mut fargate = launch.as_deref() == Some("FARGATE");
    for s in eval.items(&cx.prop(&["CapacityProviderStrategy"]))? {
        if let Some(p) = eval.text(&eval.field(&s, "CapacityProvider"))? {
            fargate |= p.starts_with("FARGATE");
            if p == "FARGATE_SPOT" {
                cx.note("FARGATE_SPOT is priced at the on-demand rate, its upper bound");
            }
        }
    }
    if !fargate {
        cx.note("on EC2 the tasks run on the cluster's instances, priced there");
        return Ok(());
    }
    let task = cx.prop(&["TaskDefinition"]);
    let id = crate::cost::eval::Eval::resource_named(&task)
        .ok_or("its task definition is not in this template")?;
    let def = cx
        .resource(id)
        .and_then(|r| r.attribute("Properties"))
        .ok_or_else(|| format!("task definition {id} is not in this template"))?;
    let cpu = vcpus(
        &eval
            .text_at(def, &["Cpu"])?
            .ok_or("the task definition sets no Cpu")?,
    )?;
    let mem = memory_gb(
        &eval
            .text_at(def, &["Memory"])?
            .ok_or("the task definition sets no Memory")?,
    )?;
    let arm = eval
        .text_at(def, &["RuntimePlatform", "CpuArchitecture"])?
        .as_deref()
        == Some("ARM64");
    let windows = eval
        .text_at(def, &["RuntimePlatform", "OperatingSystemFamily"])?
        .is_some_and(|f| f.starts_with("WINDOWS"));
    let desired = if let Some(d) = cx.number(&["DesiredCount"])? {
        whole(d, "DesiredCount")?
    } else {
        cx.note("DesiredCount not set: CloudFormation starts 1 task");
        Decimal::ONE
    };
    let tasks = Range::exact(desired);
    let (cpu_row, mem_row): (Select<'_>, Select<'_>) = if windows {
        (
            &[("cputype", "perCPU"), ("operatingSystem", "Windows")],
            &[("memorytype", "perGB")],
        )
    } else if arm {
        (
            &[("cputype", "perCPU"), ("cpuArchitecture", "ARM")],
            &[("memorytype", "perGB"), ("cpuArchitecture", "ARM")],
        )
    } else {
        (
            &[("usagetype", "Fargate-vCPU-Hours:perCPU")],
            &[("usagetype", "Fargate-GB-Hours")],
        )
    };
    cx.hours(
        format!("Fargate {cpu} vCPU × tasks"),
        q("AmazonECS", "Compute", cpu_row),
        tasks.times(cpu),
    );
    cx.hours(
        format!("Fargate {mem} GB memory × tasks"),
        q("AmazonECS", "Compute", mem_row),
        tasks.times(mem),
    );
    if windows {
        cx.hours(
            "Fargate Windows licence per vCPU",
            q(
                "AmazonECS",
                "Compute",
                &[("cputype", "perCPU OS License Fee")],
            ),
            tasks.times(cpu),
        );
    }
    Ok(())
}

/// `AWS::EKS::Cluster`: the control plane.
pub(super) fn eks_cluster(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.hours(
        "EKS cluster hours",
        q(
            "AmazonEKS",
            "Compute",
            &[("usagetype", "AmazonEKS-Hours:perCluster")],
        ),
        Range::exact(Decimal::ONE),
    );
    cx.note("standard support; extended support costs more");
    Ok(())
}

/// `AWS::Lambda::Function` and `AWS::Serverless::Function`: requests and GB-seconds, from the
/// usage `requests` (per month) and `duration_ms` (average).
pub(super) fn lambda(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let sam = cx.res.type_name() == "AWS::Serverless::Function";
    let global = |key: &str| -> V<'_> {
        if !sam {
            return V::Absent;
        }
        cx.eval
            .template()
            .section("Globals")
            .map_or(V::Absent, |g| cx.eval.path(g, &["Function", key]))
    };
    let memory = match cx.number(&["MemorySize"])? {
        Some(m) => m,
        None => cx
            .eval
            .number(&global("MemorySize"))?
            .unwrap_or(Decimal::from(128)),
    };
    let arch = match cx.prop(&["Architectures"]) {
        V::Absent => global("Architectures"),
        v => v,
    };
    let arm = cx
        .eval
        .items(&arch)?
        .first()
        .and_then(|a| cx.eval.text(a).ok().flatten())
        .as_deref()
        == Some("arm64");
    let suffix = if arm { "-ARM" } else { "" };
    let requests_group = format!("AWS-Lambda-Requests{suffix}");
    let duration_group = format!("AWS-Lambda-Duration{suffix}");
    cx.usage(
        "requests",
        "requests",
        q("AWSLambda", "Serverless", &[("group", &requests_group)]),
        "requests",
        Decimal::ONE,
    );
    let gb_seconds = match (cx.given("requests"), cx.given("duration_ms")) {
        (Some(r), Some(ms)) => Some(Range::exact(
            r * ms / Decimal::from(1000) * memory / Decimal::from(1024),
        )),
        _ => None,
    };
    cx.usage_quantity(
        format!("duration at {memory} MB"),
        "GB-seconds",
        q("AWSLambda", "Serverless", &[("group", &duration_group)]),
        "duration_ms",
        gb_seconds,
    );
    cx.note("the free tier is not subtracted");
    Ok(())
}
