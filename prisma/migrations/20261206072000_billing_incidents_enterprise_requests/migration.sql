-- Billing (#15): refunds and disputes Stripe reports for a workspace's
-- payments (shown on the Billing page; the plan itself follows the
-- subscription), and owners' requests for the Enterprise plan.

-- CreateTable
CREATE TABLE "BillingIncident" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "stripeObjectId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "stripeEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BillingIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnterpriseRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspaceId" UUID NOT NULL,
    "userId" UUID,
    "contactName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "message" TEXT NOT NULL,
    "notifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnterpriseRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingIncident_kind_stripeObjectId_key" ON "BillingIncident"("kind", "stripeObjectId");

-- CreateIndex
CREATE INDEX "BillingIncident_workspaceId_createdAt_idx" ON "BillingIncident"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "EnterpriseRequest_workspaceId_createdAt_idx" ON "EnterpriseRequest"("workspaceId", "createdAt");

-- AddForeignKey
ALTER TABLE "BillingIncident" ADD CONSTRAINT "BillingIncident_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnterpriseRequest" ADD CONSTRAINT "EnterpriseRequest_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
