using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.Serialization;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Client;

[assembly: ProxyTypesAssembly]

namespace TestPlugins.Template
{
    /// <summary>An early-bound account shaped as the code generators write it, navigation properties included.</summary>
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
            get { return GetAttributeValue<Guid?>("accountid"); }
            set
            {
                OnPropertyChanging("AccountId");
                SetAttributeValue("accountid", value);
                base.Id = value ?? Guid.Empty;
                OnPropertyChanged("AccountId");
            }
        }

        [AttributeLogicalName("accountid")]
        public override Guid Id
        {
            get { return base.Id; }
            set { AccountId = value; }
        }

        [AttributeLogicalName("name")]
        public string Name
        {
            get { return GetAttributeValue<string>("name"); }
            set
            {
                OnPropertyChanging("Name");
                SetAttributeValue("name", value);
                OnPropertyChanged("Name");
            }
        }

        [AttributeLogicalName("primarycontactid")]
        [RelationshipSchemaName("account_primary_contact")]
        public Contact account_primary_contact
        {
            get { return GetRelatedEntity<Contact>("account_primary_contact", null); }
            set
            {
                OnPropertyChanging("account_primary_contact");
                SetRelatedEntity("account_primary_contact", null, value);
                OnPropertyChanged("account_primary_contact");
            }
        }

        [RelationshipSchemaName("account_parent_account", EntityRole.Referenced)]
        public IEnumerable<Account> Referencedaccount_parent_account
        {
            get { return GetRelatedEntities<Account>("account_parent_account", EntityRole.Referenced); }
            set
            {
                OnPropertyChanging("Referencedaccount_parent_account");
                SetRelatedEntities("account_parent_account", EntityRole.Referenced, value);
                OnPropertyChanged("Referencedaccount_parent_account");
            }
        }

        private void OnPropertyChanged(string propertyName) => PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(propertyName));

        private void OnPropertyChanging(string propertyName) => PropertyChanging?.Invoke(this, new PropertyChangingEventArgs(propertyName));
    }

    /// <summary>An early-bound contact.</summary>
    [DataContract]
    [EntityLogicalName("contact")]
    public partial class Contact : Entity
    {
        public const string EntityLogicalName = "contact";

        public Contact()
            : base(EntityLogicalName)
        {
        }

        [AttributeLogicalName("lastname")]
        public string LastName
        {
            get { return GetAttributeValue<string>("lastname"); }
            set { SetAttributeValue("lastname", value); }
        }
    }
}
