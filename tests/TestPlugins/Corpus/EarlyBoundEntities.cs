using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Client;

namespace Corpus.Model
{
    [DataContract]
    public enum Opportunity_StatusCode
    {
        [EnumMember]
        InProgress = 1,

        [EnumMember]
        OnHold = 2,

        [EnumMember]
        Won = 3,
    }

    [DataContract]
    public enum OpportunityState
    {
        [EnumMember]
        Open = 0,

        [EnumMember]
        Won = 1,

        [EnumMember]
        Lost = 2,
    }

    /// <summary>Opportunity, as CrmSvcUtil generates it.</summary>
    [DataContract]
    [EntityLogicalName("opportunity")]
    [System.CodeDom.Compiler.GeneratedCode("CrmSvcUtil", "9.1.0.45")]
    public partial class Opportunity : Entity, INotifyPropertyChanging, INotifyPropertyChanged
    {
        public static class Fields
        {
            public const string OpportunityId = "opportunityid";
            public const string Name = "name";
            public const string EstimatedValue = "estimatedvalue";
            public const string CustomerId = "customerid";
            public const string StatusCode = "statuscode";
            public const string StateCode = "statecode";
            public const string EstimatedCloseDate = "estimatedclosedate";
        }

        public const string EntityLogicalName = "opportunity";
        public const string EntitySchemaName = "Opportunity";
        public const string PrimaryIdAttribute = "opportunityid";
        public const string PrimaryNameAttribute = "name";
        public const int EntityTypeCode = 3;

        public Opportunity()
            : base(EntityLogicalName)
        {
        }

        public Opportunity(Guid id)
            : base(EntityLogicalName, id)
        {
        }

        public Opportunity(string keyName, object keyValue)
            : base(EntityLogicalName, keyName, keyValue)
        {
        }

        public Opportunity(KeyAttributeCollection keyAttributes)
            : base(EntityLogicalName, keyAttributes)
        {
        }

        public event PropertyChangedEventHandler PropertyChanged;

        public event PropertyChangingEventHandler PropertyChanging;

        [AttributeLogicalName("opportunityid")]
        public Guid? OpportunityId
        {
            get { return this.GetAttributeValue<Guid?>("opportunityid"); }
            set
            {
                this.OnPropertyChanging("OpportunityId");
                this.SetAttributeValue("opportunityid", value);
                if (value.HasValue)
                {
                    base.Id = value.Value;
                }
                else
                {
                    base.Id = Guid.Empty;
                }

                this.OnPropertyChanged("OpportunityId");
            }
        }

        [AttributeLogicalName("opportunityid")]
        public override Guid Id
        {
            get { return base.Id; }
            set { this.OpportunityId = value; }
        }

        [AttributeLogicalName("name")]
        public string Name
        {
            get { return this.GetAttributeValue<string>("name"); }
            set
            {
                this.OnPropertyChanging("Name");
                this.SetAttributeValue("name", value);
                this.OnPropertyChanged("Name");
            }
        }

        [AttributeLogicalName("estimatedvalue")]
        public Money EstimatedValue
        {
            get { return this.GetAttributeValue<Money>("estimatedvalue"); }
            set
            {
                this.OnPropertyChanging("EstimatedValue");
                this.SetAttributeValue("estimatedvalue", value);
                this.OnPropertyChanged("EstimatedValue");
            }
        }

        [AttributeLogicalName("estimatedclosedate")]
        public DateTime? EstimatedCloseDate
        {
            get { return this.GetAttributeValue<DateTime?>("estimatedclosedate"); }
            set
            {
                this.OnPropertyChanging("EstimatedCloseDate");
                this.SetAttributeValue("estimatedclosedate", value);
                this.OnPropertyChanged("EstimatedCloseDate");
            }
        }

        [AttributeLogicalName("customerid")]
        public EntityReference CustomerId
        {
            get { return this.GetAttributeValue<EntityReference>("customerid"); }
            set
            {
                this.OnPropertyChanging("CustomerId");
                this.SetAttributeValue("customerid", value);
                this.OnPropertyChanged("CustomerId");
            }
        }

        [AttributeLogicalName("statecode")]
        public OpportunityState? StateCode
        {
            get
            {
                OptionSetValue optionSet = this.GetAttributeValue<OptionSetValue>("statecode");
                if (optionSet != null)
                {
                    return (OpportunityState)Enum.ToObject(typeof(OpportunityState), optionSet.Value);
                }

                return null;
            }
            set
            {
                this.OnPropertyChanging("StateCode");
                if (value == null)
                {
                    this.SetAttributeValue("statecode", null);
                }
                else
                {
                    this.SetAttributeValue("statecode", new OptionSetValue((int)value));
                }

                this.OnPropertyChanged("StateCode");
            }
        }

        [AttributeLogicalName("statuscode")]
        public virtual Opportunity_StatusCode? StatusCode
        {
            get { return (Opportunity_StatusCode?)this.GetAttributeValue<OptionSetValue>("statuscode")?.Value; }
            set
            {
                this.OnPropertyChanging("StatusCode");
                this.SetAttributeValue("statuscode", value.HasValue ? new OptionSetValue((int)value) : null);
                this.OnPropertyChanged("StatusCode");
            }
        }

        [AttributeLogicalName("new_regions")]
        public OptionSetValueCollection new_Regions
        {
            get { return this.GetAttributeValue<OptionSetValueCollection>("new_regions"); }
            set
            {
                this.OnPropertyChanging("new_Regions");
                this.SetAttributeValue("new_regions", value);
                this.OnPropertyChanged("new_Regions");
            }
        }

        [AttributeLogicalName("customerid")]
        [RelationshipSchemaName("opportunity_customer_accounts")]
        public Account opportunity_customer_accounts
        {
            get { return this.GetRelatedEntity<Account>("opportunity_customer_accounts", null); }
            set
            {
                this.OnPropertyChanging("opportunity_customer_accounts");
                this.SetRelatedEntity<Account>("opportunity_customer_accounts", null, value);
                this.OnPropertyChanged("opportunity_customer_accounts");
            }
        }

        private void OnPropertyChanged(string propertyName)
        {
            if (this.PropertyChanged != null)
            {
                this.PropertyChanged(this, new PropertyChangedEventArgs(propertyName));
            }
        }

        private void OnPropertyChanging(string propertyName)
        {
            if (this.PropertyChanging != null)
            {
                this.PropertyChanging(this, new PropertyChangingEventArgs(propertyName));
            }
        }
    }

    [DataContract]
    [EntityLogicalName("account")]
    public partial class Account : Entity, INotifyPropertyChanging, INotifyPropertyChanged
    {
        public const string EntityLogicalName = "account";

        public Account()
            : base(EntityLogicalName)
        {
        }

        public event PropertyChangedEventHandler PropertyChanged;

        public event PropertyChangingEventHandler PropertyChanging;

        [AttributeLogicalName("accountid")]
        public Guid? AccountId
        {
            get { return this.GetAttributeValue<Guid?>("accountid"); }
            set
            {
                this.OnPropertyChanging("AccountId");
                this.SetAttributeValue("accountid", value);
                base.Id = value ?? Guid.Empty;
                this.OnPropertyChanged("AccountId");
            }
        }

        [AttributeLogicalName("accountid")]
        public override Guid Id
        {
            get { return base.Id; }
            set { this.AccountId = value; }
        }

        [AttributeLogicalName("name")]
        public string Name
        {
            get { return this.GetAttributeValue<string>("name"); }
            set
            {
                this.OnPropertyChanging("Name");
                this.SetAttributeValue("name", value);
                this.OnPropertyChanged("Name");
            }
        }

        [AttributeLogicalName("revenue")]
        public Money Revenue
        {
            get { return this.GetAttributeValue<Money>("revenue"); }
            set
            {
                this.OnPropertyChanging("Revenue");
                this.SetAttributeValue("revenue", value);
                this.OnPropertyChanged("Revenue");
            }
        }

        [RelationshipSchemaName("opportunity_customer_accounts")]
        public IEnumerable<Opportunity> opportunity_customer_accounts
        {
            get { return this.GetRelatedEntities<Opportunity>("opportunity_customer_accounts", null); }
            set
            {
                this.OnPropertyChanging("opportunity_customer_accounts");
                this.SetRelatedEntities<Opportunity>("opportunity_customer_accounts", null, value);
                this.OnPropertyChanged("opportunity_customer_accounts");
            }
        }

        private void OnPropertyChanged(string propertyName)
        {
            PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(propertyName));
        }

        private void OnPropertyChanging(string propertyName)
        {
            PropertyChanging?.Invoke(this, new PropertyChangingEventArgs(propertyName));
        }
    }
}
