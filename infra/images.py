"""How the two container images are built and started, shared by the stacks and the tests
(plain values: the tests read them without starting the CDK)."""

# Built for x86_64 on any machine (an ARM laptop would build arm64 images otherwise), and run
# as x86_64 by Fargate and Lambda; the Dockerfiles' FROM lines say the same.
PLATFORM = "linux/amd64"

# Seconds the load balancer's failing health checks are ignored after an app task starts. The
# image holds the built frontend, so a start is imports and the server: tests/aws/test_app_image.py
# measures it (seconds on 2 shared cores) and fails when it reaches this allowance, which leaves
# room for a 1-vCPU task reading a freshly pulled image.
APP_START_GRACE_S = 30
